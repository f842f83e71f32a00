"""When an obligation's reminders, missed deadline, overdue notices and escalation happen.

Pure and deterministic, so workflow code can use it. Times are Moscow time: Moscow has kept UTC+3 all
year since 26 October 2014 (Federal Law of 21.07.2014 N 248-FZ), so a fixed offset is exact and needs
no time-zone database inside the workflow sandbox (the tests cross-check it with Europe/Moscow).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from domain.moscow import MOSCOW
from domain.plan.calendar import is_working_day

# Reminders go out this many days before the nominal due date, the date the participant knows.
REMINDER_DAYS_BEFORE: tuple[int, ...] = (30, 14, 7, 1)
REMINDER_TIME = dt.time(9, 0)
# After the deadline is missed: an overdue notice every week, escalation to the coordinator after two.
OVERDUE_EVERY = dt.timedelta(days=7)
ESCALATE_AFTER = dt.timedelta(days=14)


class Reminder(BaseModel):
    """One reminder before the deadline."""

    model_config = ConfigDict(frozen=True)

    at: dt.datetime
    days_before: int


class ObligationSchedule(BaseModel):
    """The timetable of one obligation, derived from its due and effective due dates."""

    model_config = ConfigDict(frozen=True)

    due: dt.date
    effective_due: dt.date
    reminders: tuple[Reminder, ...]
    missed_at: dt.datetime
    overdue_every: dt.timedelta = OVERDUE_EVERY
    escalate_after: dt.timedelta = ESCALATE_AFTER

    @property
    def escalate_at(self) -> dt.datetime:
        """The instant an overdue obligation is raised to the federal coordinator."""
        return self.missed_at + self.escalate_after

    def overdue_notice_at(self, n: int) -> dt.datetime:
        """The instant of the n-th overdue notice (n ≥ 1), a week apart after the deadline was missed."""
        if n < 1:
            raise ValueError("overdue notices are numbered from 1")
        return self.missed_at + n * self.overdue_every


def at_moscow(day: dt.date, time: dt.time = dt.time(0, 0)) -> dt.datetime:
    """`day` at `time`, Moscow time, tz-aware."""
    return dt.datetime.combine(day, time, tzinfo=MOSCOW)


def reminder_day(due: dt.date, days_before: int) -> dt.date:
    """The day a reminder goes out: `days_before` days before `due`, or the working day before that.

    Officials read their mail on working days; a reminder dated on a weekend or a holiday would wait
    unread until after it, which for the one-day reminder is after the due date itself.
    """
    day = due - dt.timedelta(days=days_before)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def schedule_for(due: dt.date, effective_due: dt.date) -> ObligationSchedule:
    """Reminders 30/14/7/1 days before `due` (on working days) at 09:00 MSK; missed at 00:00 MSK after
    `effective_due`."""
    reminders = tuple(
        Reminder(at=at_moscow(reminder_day(due, n), REMINDER_TIME), days_before=n)
        for n in REMINDER_DAYS_BEFORE
    )
    return ObligationSchedule(
        due=due,
        effective_due=effective_due,
        reminders=reminders,
        missed_at=at_moscow(effective_due + dt.timedelta(days=1)),
    )
