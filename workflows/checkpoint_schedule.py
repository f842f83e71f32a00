"""The schedule of the log's checkpoints: every hour, as certificate-transparency logs sign their heads."""

from __future__ import annotations

import datetime as dt

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
)

from workflows.checkpoint import CheckpointWorkflow

CHECKPOINT_SCHEDULE_ID = "eci-log-checkpoints"
CHECKPOINT_EVERY = dt.timedelta(hours=1)


def checkpoint_schedule(task_queue: str) -> Schedule:
    """Every hour: a checkpoint for the witnesses, when the log grew since the last."""
    return Schedule(
        action=ScheduleActionStartWorkflow(
            CheckpointWorkflow.run, id="log/checkpoint", task_queue=task_queue
        ),
        spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=CHECKPOINT_EVERY)]),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )


async def ensure_checkpoint_schedule(client: Client, task_queue: str) -> None:
    """Create the checkpoint schedule unless it exists."""
    try:
        await client.create_schedule(CHECKPOINT_SCHEDULE_ID, checkpoint_schedule(task_queue))
    except ScheduleAlreadyRunningError:
        pass
