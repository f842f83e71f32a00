"""The yearly opening of a cycle: a Temporal Schedule starts this workflow on 1 January (Moscow)."""

from __future__ import annotations

import datetime as dt

from temporalio import workflow
from temporalio.common import RetryPolicy

from workflows.names import CYCLE_WORKFLOW, OPEN_CYCLE_ACTIVITY

with workflow.unsafe.imports_passed_through():
    from domain.obligation.cycle_opening import CycleOpened, OpenCycleRequest



@workflow.defn(name=CYCLE_WORKFLOW)
class CycleWorkflow:
    """Opens every obligation of a cycle: the year given, or the Moscow year of the scheduled instant."""

    @workflow.run
    async def run(self, request: OpenCycleRequest) -> CycleOpened:
        """Start the cycle's obligation workflows (the activity does it, with limited concurrency)."""
        if request.cycle is None:
            request = request.model_copy(update={"at": workflow.now()})
        return await workflow.execute_activity(
            OPEN_CYCLE_ACTIVITY,
            request,
            result_type=CycleOpened,
            start_to_close_timeout=dt.timedelta(minutes=30),
            heartbeat_timeout=dt.timedelta(minutes=1),
            retry_policy=RetryPolicy(maximum_interval=dt.timedelta(minutes=1)),
        )
