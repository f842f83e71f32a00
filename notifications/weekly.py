"""The coordinators' weekly digest: where the plan stands, what waits for review, what is overdue."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from domain.obligation.states import STATE_LABELS_RU, ObligationState
from domain.obligation.status import ObligationStatus
from notifications.context import participant_view

LIST_LIMIT = 50


@dataclass(frozen=True)
class StateCount:
    """How many obligations are in one state."""

    label: str
    count: int


@dataclass(frozen=True)
class DigestRow:
    """One obligation in a list of the digest."""

    obligation_id: str
    measure: int
    participant: str
    when: dt.date
    escalated: bool


@dataclass(frozen=True)
class WeeklyDigest:
    """Everything the weekly digest shows."""

    week: str
    period_start: dt.date
    period_end: dt.date
    total: int
    counts: tuple[StateCount, ...]
    submitted_this_week: int
    accepted_this_week: int
    returned_this_week: int
    awaiting_review: tuple[DigestRow, ...]
    review_total: int
    overdue: tuple[DigestRow, ...]
    overdue_total: int
    without_contact: tuple[str, ...]
    failed_notifications: int
    chain_head: str | None


def week_of(day: dt.date) -> tuple[str, dt.date, dt.date]:
    """The ISO week before `day`: its label (`2026-W47`), first and last day."""
    end = day - dt.timedelta(days=day.isoweekday())
    start = end - dt.timedelta(days=6)
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}", start, end


def _within(at: dt.datetime | None, start: dt.date, end: dt.date) -> bool:
    return at is not None and start <= at.date() <= end


def _submitted_day(s: ObligationStatus) -> dt.date:
    return (s.submitted_at or s.last_event_at).date()


def _row(s: ObligationStatus, when: dt.date) -> DigestRow:
    return DigestRow(s.id, s.measure, participant_view(s.participant).short_label, when, s.escalated)


def weekly_digest(
    statuses: Sequence[ObligationStatus],
    day: dt.date,
    without_contact: Sequence[str] = (),
    chain_head: str | None = None,
) -> WeeklyDigest:
    """The digest sent on `day` about the week before it."""
    week, start, end = week_of(day)
    by_state = Counter(s.state for s in statuses)
    review = sorted(
        (s for s in statuses if s.state is ObligationState.SUBMITTED), key=lambda s: (_submitted_day(s), s.id)
    )
    overdue = sorted(
        (s for s in statuses if s.state is ObligationState.OVERDUE), key=lambda s: (s.effective_due, s.id)
    )
    return WeeklyDigest(
        week=week,
        period_start=start,
        period_end=end,
        total=len(statuses),
        counts=tuple(StateCount(STATE_LABELS_RU[state], by_state[state]) for state in ObligationState),
        submitted_this_week=sum(_within(s.submitted_at, start, end) for s in statuses),
        accepted_this_week=sum(_within(s.accepted_at, start, end) for s in statuses),
        returned_this_week=sum(_within(s.returned_at, start, end) for s in statuses),
        awaiting_review=tuple(_row(s, _submitted_day(s)) for s in review[:LIST_LIMIT]),
        review_total=len(review),
        overdue=tuple(_row(s, s.effective_due) for s in overdue[:LIST_LIMIT]),
        overdue_total=len(overdue),
        without_contact=tuple(participant_view(p).short_label for p in without_contact),
        failed_notifications=sum(s.notifications_failed for s in statuses),
        chain_head=chain_head,
    )
