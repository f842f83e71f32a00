"""The log's hourly checkpoint: a schedule starts this workflow; the activity signs and mails it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy

from workflows.names import CHECKPOINT_WORKFLOW, SIGN_CHECKPOINT_ACTIVITY


@workflow.defn(name=CHECKPOINT_WORKFLOW)
class CheckpointWorkflow:
    """Signs a checkpoint of the log for its witnesses (if the log grew) and mails it to them."""

    @workflow.run
    async def run(self) -> dict[str, Any]:
        """Run the checkpoint job once."""
        result: dict[str, Any] = await workflow.execute_activity(
            SIGN_CHECKPOINT_ACTIVITY,
            start_to_close_timeout=dt.timedelta(minutes=10),
            retry_policy=RetryPolicy(maximum_interval=dt.timedelta(minutes=5), maximum_attempts=20),
        )
        return result
