"""The drill: a small cycle whose clock runs in minutes, so a person watches the workflow's steps happen.

Each "day" of the real schedule becomes one `unit` (a minute by default): reminders 3, 2 and 1 units
before the deadline, the missed deadline, an overdue notice one unit later and the escalation two units
after the deadline. The instants go into the ordinary workflow input; nothing else changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from domain.moscow import MOSCOW
from domain.obligation.start import district_of
from domain.obligation.terms import CURRENT_REVISION, Deadline, ObligationTerms, ReminderAt

DRILL_CYCLE = 2030  # the plan's last cycle, far from the live ones
DRILL_MEASURES = (5, 7)
REMINDER_UNITS = (3, 2, 1)
ESCALATE_UNITS = 2


def drill_deadline(now: dt.datetime, lead: int, unit: dt.timedelta) -> Deadline:
    """A deadline `lead` units after `now`, with reminders `REMINDER_UNITS` units before it."""
    missed_at = now + lead * unit
    reminders = tuple(
        ReminderAt(at=missed_at - n * unit, days_before=n)
        for n in REMINDER_UNITS
        if missed_at - n * unit > now
    )
    due = missed_at.astimezone(MOSCOW).date()  # the day the deadline falls on where mail is read
    return Deadline(due=due, effective_due=due, missed_at=missed_at, reminders=reminders)


def drill_terms(
    now: dt.datetime,
    participants: Sequence[str],
    *,
    lead: int = 6,
    unit: dt.timedelta = dt.timedelta(minutes=1),
    measures: Sequence[int] = DRILL_MEASURES,
) -> list[ObligationTerms]:
    """Workflow inputs of the drill's obligations: every measure for every participant."""
    deadline = drill_deadline(now, lead, unit)
    return [
        ObligationTerms(
            obligation_id=f"{DRILL_CYCLE}/{measure:02d}/{participant}",
            cycle=DRILL_CYCLE,
            measure=measure,
            participant=participant,
            district=district_of(participant),
            deadline=deadline,
            overdue_every=unit,
            escalate_after=ESCALATE_UNITS * unit,
            opened_by="coordinator",
            revision=CURRENT_REVISION,
        )
        for measure in measures
        for participant in participants
    ]
