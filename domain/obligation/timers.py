"""The obligation's clock: which timed step comes next (reminder, missed deadline, overdue notice,
escalation) and what firing it changes. Step names include the effective due date, so an extended
deadline gets fresh steps and a step name never changes meaning.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.obligation.lifecycle import Fact, next_state
from domain.obligation.progress import ObligationProgress
from domain.obligation.states import ObligationState
from domain.obligation.terms import ObligationTerms


class TimerKind(StrEnum):
    """The timed steps, in the order they fire when due at the same instant."""

    MISSED = "missed"
    ESCALATION = "escalation"
    OVERDUE = "overdue"
    REMINDER = "reminder"


_PRIORITY = {kind: n for n, kind in enumerate(TimerKind)}
_MAX_OVERDUE_NOTICES = 520  # ten years of weekly notices bounds the search for the next undone one


class TimerStep(BaseModel):
    """One timed step: its stable name, kind, instant and day count (days before due / days overdue)."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: TimerKind
    at: dt.datetime
    days: int


def _candidates(terms: ObligationTerms, progress: ObligationProgress) -> list[TimerStep]:
    deadline, done, cursor = progress.deadline, progress.done_steps, progress.cursor
    tag = deadline.effective_due.isoformat()
    steps: list[TimerStep] = []
    waiting = progress.state in (ObligationState.OPEN, ObligationState.RETURNED)
    if waiting and not progress.missed:
        for reminder in deadline.reminders:
            name = f"reminder-{reminder.days_before}-{tag}"
            if name not in done and cursor <= reminder.at < deadline.missed_at:
                steps.append(
                    TimerStep(name=name, kind=TimerKind.REMINDER, at=reminder.at, days=reminder.days_before)
                )
        missed = f"missed-{tag}"
        if missed not in done:
            steps.append(TimerStep(name=missed, kind=TimerKind.MISSED, at=deadline.missed_at, days=0))
    if progress.missed and progress.state in (ObligationState.OVERDUE, ObligationState.RETURNED):
        escalation = f"escalation-{tag}"
        if escalation not in done:
            at = deadline.missed_at + terms.escalate_after
            steps.append(
                TimerStep(name=escalation, kind=TimerKind.ESCALATION, at=at, days=terms.escalate_after.days)
            )
        overdue = _next_overdue(terms, progress, tag)
        if overdue is not None:
            steps.append(overdue)
    return steps


def _next_overdue(terms: ObligationTerms, progress: ObligationProgress, tag: str) -> TimerStep | None:
    every, missed_at = terms.overdue_every, progress.deadline.missed_at
    # Notices that fell due while the obligation was under review are skipped, not sent in a burst.
    first = max(1, math.ceil((progress.cursor - missed_at) / every))
    for k in range(first, first + _MAX_OVERDUE_NOTICES):
        at = missed_at + k * every
        days = (at - missed_at).days
        name = f"overdue-{days}-{tag}"
        if name not in progress.done_steps:
            return TimerStep(name=name, kind=TimerKind.OVERDUE, at=at, days=days)
    return None


def next_timer(terms: ObligationTerms, progress: ObligationProgress) -> TimerStep | None:
    """The next timed step, or None when only an action can move the obligation on."""
    if progress.is_final:
        return None
    steps = _candidates(terms, progress)
    if not steps:
        return None
    return min(steps, key=lambda s: (s.at, _PRIORITY[s.kind]))


def after_timer(progress: ObligationProgress, step: TimerStep) -> ObligationProgress:
    """The progress once `step` has fired."""
    update: dict[str, object] = {
        "done_steps": progress.done_steps | {step.name},
        "cursor": max(progress.cursor, step.at),
    }
    if step.kind is TimerKind.REMINDER:
        update["reminders_sent"] = progress.reminders_sent + 1
    elif step.kind is TimerKind.MISSED:
        update["missed"] = True
        update["state"] = next_state(progress.state, Fact.DEADLINE_MISSED)
    elif step.kind is TimerKind.OVERDUE:
        update["overdue_notices"] = progress.overdue_notices + 1
    elif step.kind is TimerKind.ESCALATION:
        update["escalated"] = True
    return progress.model_copy(update=update)
