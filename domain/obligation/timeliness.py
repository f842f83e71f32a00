"""The one on-time rule: on time, late, missing, as DHIS2 counts reporting timeliness.

Timeliness judges the participant's act, not the review: a submission made by the effective due date is
on time whether the coordinator has accepted it yet or not (the status fold reads a deadline passing
during review the same way: the delay is the reviewer's). A returned submission no longer stands. The
TUI's on-time share and every report use `classify`, so they agree on the same store.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from domain.moscow import moscow_date
from domain.obligation.lateness import days_late as count_days_late
from domain.obligation.states import ObligationState


class Timeliness(StrEnum):
    """How an obligation stands against its effective due date at the report's instant."""

    ON_TIME = "on_time"  # the standing submission came in by the effective due date
    LATE = "late"  # it came in after the effective due date
    MISSING = "missing"  # nothing stands and the effective due date has passed
    PENDING = "pending"  # nothing stands yet, but it is not due yet
    WAIVED = "waived"  # lifted by the coordinator: not expected


TIMELINESS_LABELS_RU: dict[Timeliness, str] = {
    Timeliness.ON_TIME: "в срок",
    Timeliness.LATE: "с опозданием",
    Timeliness.MISSING: "не представлено",
    Timeliness.PENDING: "срок не наступил",
    Timeliness.WAIVED: "освобождено",
}

# A returned submission no longer stands: the participant owes a new one.
_SUBMISSION_STANDS = (ObligationState.SUBMITTED, ObligationState.ACCEPTED)


def classify(
    state: ObligationState, effective_due: dt.date, submitted_at: dt.datetime | None, as_of: dt.date
) -> Timeliness:
    """Place one obligation in its timeliness class on the report date `as_of`."""
    if state is ObligationState.WAIVED:
        return Timeliness.WAIVED
    if state in _SUBMISSION_STANDS and submitted_at is not None:
        return Timeliness.ON_TIME if moscow_date(submitted_at) <= effective_due else Timeliness.LATE
    if as_of > effective_due:
        return Timeliness.MISSING
    return Timeliness.PENDING


def days_late(
    timeliness: Timeliness, effective_due: dt.date, submitted_at: dt.datetime | None, as_of: dt.date
) -> int:
    """Days past the effective due date: to the submission, or to the report date while still missing."""
    if timeliness is Timeliness.LATE and submitted_at is not None:
        return count_days_late(effective_due, moscow_date(submitted_at))
    if timeliness is Timeliness.MISSING:
        return count_days_late(effective_due, as_of)
    return 0
