"""The coordinator's digests: a schedule starts this workflow; the activity does the mail work."""

from __future__ import annotations

import datetime as dt

from temporalio import workflow
from temporalio.common import RetryPolicy

from workflows.names import DIGEST_ACTIVITY, DIGEST_WORKFLOW

with workflow.unsafe.imports_passed_through():
    from domain.obligation.notices import DigestRequest, DigestResult



@workflow.defn(name=DIGEST_WORKFLOW)
class DigestWorkflow:
    """Sends the settled escalation digests, or the weekly digest, once per scheduled run."""

    @workflow.run
    async def run(self, request: DigestRequest) -> DigestResult:
        """Run the digest job at the scheduled instant."""
        if request.at is None:
            request = request.model_copy(update={"at": workflow.now()})
        result: DigestResult = await workflow.execute_activity(
            DIGEST_ACTIVITY,
            request,
            result_type=DigestResult,
            start_to_close_timeout=dt.timedelta(minutes=10),
            retry_policy=RetryPolicy(maximum_interval=dt.timedelta(minutes=5), maximum_attempts=20),
        )
        return result
