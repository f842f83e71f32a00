"""Schedules of the coordinator's digests: escalations every 10 minutes, the weekly digest on Mondays."""

from __future__ import annotations

import datetime as dt

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleCalendarSpec,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleRange,
    ScheduleSpec,
)

from domain.obligation.notices import DigestKind, DigestRequest
from workflows.digest import DigestWorkflow

ESCALATIONS_SCHEDULE_ID = "eci-escalation-digests"
WEEKLY_SCHEDULE_ID = "eci-weekly-digest"
ESCALATIONS_EVERY = dt.timedelta(minutes=10)


def _start(kind: DigestKind, task_queue: str) -> ScheduleActionStartWorkflow:
    return ScheduleActionStartWorkflow(
        DigestWorkflow.run, DigestRequest(kind=kind), id=f"digest/{kind.value}", task_queue=task_queue
    )


def escalations_schedule(task_queue: str) -> Schedule:
    """Every 10 minutes: digests of the escalations that settled since the last run."""
    return Schedule(
        action=_start(DigestKind.ESCALATIONS, task_queue),
        spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=ESCALATIONS_EVERY)]),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )


def weekly_schedule(task_queue: str) -> Schedule:
    """Mondays at 09:00 Moscow time: the coordinators' weekly digest."""
    monday_nine = ScheduleCalendarSpec(
        day_of_week=[ScheduleRange(1)], hour=[ScheduleRange(9)], minute=[ScheduleRange(0)],
        comment="the coordinators' weekly digest",
    )  # fmt: skip
    return Schedule(
        action=_start(DigestKind.WEEKLY, task_queue),
        spec=ScheduleSpec(calendars=[monday_nine], time_zone_name="Europe/Moscow"),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )


async def ensure_digest_schedules(client: Client, task_queue: str) -> None:
    """Create both digest schedules unless they exist."""
    for schedule_id, schedule in (
        (ESCALATIONS_SCHEDULE_ID, escalations_schedule(task_queue)),
        (WEEKLY_SCHEDULE_ID, weekly_schedule(task_queue)),
    ):
        try:
            await client.create_schedule(schedule_id, schedule)
        except ScheduleAlreadyRunningError:
            pass
