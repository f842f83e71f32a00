"""The obligation's clock as a pure function: which step comes next and what firing it changes."""

from __future__ import annotations

import datetime as dt

from domain.obligation.progress import ObligationProgress
from domain.obligation.states import ObligationState
from domain.obligation.terms import Deadline, ObligationTerms, ReminderAt
from domain.obligation.timers import TimerKind, after_timer, next_timer

START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
MISSED = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)


def terms() -> ObligationTerms:
    reminders = tuple(ReminderAt(at=MISSED - dt.timedelta(days=d), days_before=d) for d in (30, 7))
    deadline = Deadline(
        due=dt.date(2025, 2, 28), effective_due=dt.date(2025, 2, 28), missed_at=MISSED, reminders=reminders
    )
    return ObligationTerms(
        obligation_id="2025/05/77",
        cycle=2025,
        measure=5,
        participant="77",
        district="central",
        deadline=deadline,
    )


def run_clock(
    t: ObligationTerms, p: ObligationProgress, until: dt.datetime
) -> tuple[list[str], ObligationProgress]:
    fired: list[str] = []
    while (step := next_timer(t, p)) is not None and step.at <= until:
        fired.append(step.name)
        p = after_timer(p, step)
    return fired, p


def test_the_clock_reminds_then_misses_then_nags_weekly_and_escalates_at_two_weeks() -> None:
    t = terms()
    fired, p = run_clock(t, ObligationProgress.opening(t, START), MISSED + dt.timedelta(days=15))
    assert fired == [
        "reminder-30-2025-02-28",
        "reminder-7-2025-02-28",
        "missed-2025-02-28",
        "overdue-7-2025-02-28",
        "escalation-2025-02-28",
        "overdue-14-2025-02-28",
    ]
    assert p.state is ObligationState.OVERDUE
    assert p.escalated


def test_reminders_already_past_when_opened_are_skipped() -> None:
    t = terms()
    step = next_timer(t, ObligationProgress.opening(t, MISSED - dt.timedelta(days=10)))
    assert step is not None
    assert step.kind is TimerKind.REMINDER
    assert step.days == 7


def test_a_submission_under_review_stops_the_clock() -> None:
    t = terms()
    p = ObligationProgress.opening(t, START).model_copy(update={"state": ObligationState.SUBMITTED})
    assert next_timer(t, p) is None


def test_overdue_notices_due_during_review_are_not_sent_in_a_burst() -> None:
    t = terms()
    returned_at = MISSED + dt.timedelta(days=30)
    p = ObligationProgress.opening(t, START).model_copy(
        update={
            "state": ObligationState.RETURNED,
            "missed": True,
            "escalated": True,
            "done_steps": frozenset({"escalation-2025-02-28"}),
            "cursor": returned_at,
        }
    )
    step = next_timer(t, p)
    assert step is not None
    assert step.name == "overdue-35-2025-02-28"


def test_final_obligations_have_no_clock() -> None:
    t = terms()
    p = ObligationProgress.opening(t, START).model_copy(update={"state": ObligationState.ACCEPTED})
    assert next_timer(t, p) is None
