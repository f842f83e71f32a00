"""From the plan's obligation to its workflow's input: deadline instants, reminders, district."""

from __future__ import annotations

import datetime as dt

from domain.obligation.plan import Obligation
from domain.obligation.schedule import schedule_for
from domain.obligation.terms import CURRENT_REVISION, Deadline, ObligationTerms, ReminderAt
from domain.plan.calendar import effective_due
from domain.plan.regions import get_region

FEDERAL = "federal"


def deadline_for(due: dt.date, effective: dt.date | None = None) -> Deadline:
    """The deadline of `due`: its effective date (next working day), reminders and missed instant."""
    effective = effective or effective_due(due)
    schedule = schedule_for(due, effective)
    reminders = tuple(ReminderAt(at=r.at, days_before=r.days_before) for r in schedule.reminders)
    return Deadline(due=due, effective_due=effective, missed_at=schedule.missed_at, reminders=reminders)


def district_of(participant: str) -> str:
    """A region's federal district; federal bodies are in none."""
    if participant.isdigit():
        return str(get_region(participant).federal_district.value)
    return FEDERAL


def terms_for(obligation: Obligation, opened_by: str = "system") -> ObligationTerms:
    """The workflow input of a plan obligation."""
    return ObligationTerms(
        obligation_id=str(obligation.id),
        cycle=obligation.cycle,
        measure=obligation.measure,
        participant=obligation.participant,
        district=district_of(obligation.participant),
        deadline=deadline_for(obligation.due, obligation.effective_due),
        milestones=obligation.milestones,
        overdue_every=obligation.schedule.overdue_every,
        escalate_after=obligation.schedule.escalate_after,
        opened_by=opened_by,
        revision=CURRENT_REVISION,
    )
