"""The yearly schedule that opens each cycle on 1 January, Moscow time."""

from __future__ import annotations

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleCalendarSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleRange,
    ScheduleSpec,
)

from domain.obligation.cycle_opening import OpenCycleRequest
from workflows.cycle import CycleWorkflow

SCHEDULE_ID = "eci-open-annual-cycle"


def cycle_schedule(task_queue: str) -> Schedule:
    """At 00:05 on 1 January in Europe/Moscow, start the workflow that opens that year's cycle."""
    return Schedule(
        action=ScheduleActionStartWorkflow(
            CycleWorkflow.run,
            OpenCycleRequest(),
            id="cycle/open",
            task_queue=task_queue,
        ),
        spec=ScheduleSpec(
            calendars=[
                ScheduleCalendarSpec(
                    month=[ScheduleRange(1)],
                    day_of_month=[ScheduleRange(1)],
                    hour=[ScheduleRange(0)],
                    minute=[ScheduleRange(5)],
                    comment="open the annual obligations of the new cycle",
                )
            ],
            time_zone_name="Europe/Moscow",
        ),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )


async def ensure_cycle_schedule(client: Client, task_queue: str) -> None:
    """Create the yearly schedule unless it exists."""
    try:
        await client.create_schedule(SCHEDULE_ID, cycle_schedule(task_queue))
    except ScheduleAlreadyRunningError:
        pass
