"""`eci cycle retime`'s rule: the system moves a running obligation to the catalog's current deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.actors import COORDINATOR, SYSTEM
from domain.errors import DomainError
from domain.obligation.events import DeadlineMissed, DeadlineRetimed, ObligationOpened
from domain.obligation.plan import get_obligation
from domain.obligation.progress import ObligationProgress
from domain.obligation.requests import ExtendRequest, RetimeRequest
from domain.obligation.rules import after_extend, after_retime, check_retime
from domain.obligation.start import deadline_for, terms_for
from domain.obligation.states import ObligationState
from domain.obligation.status import fold_status

NOW = dt.datetime(2025, 1, 20, 9, tzinfo=dt.UTC)
# Before the reading of seed 001 lines 138-140, an annual obligation of 2024 fell due on 31.12.2024.
OLD = deadline_for(dt.date(2024, 12, 31))
CATALOG = deadline_for(dt.date(2025, 4, 15))


def running(**changes: object) -> tuple[object, ObligationProgress]:
    terms = terms_for(get_obligation("2024/05/77")).model_copy(update={"deadline": OLD})
    progress = ObligationProgress.opening(terms, NOW - dt.timedelta(days=300))
    return terms, progress.model_copy(update=changes)


def test_an_overdue_obligation_retimed_to_the_report_date_is_open_again_and_counts_no_extension() -> None:
    terms, progress = running(state=ObligationState.OVERDUE, missed=True)
    request = RetimeRequest(actor=SYSTEM, deadline=CATALOG, reason="срок годового отчёта")
    check_retime(terms, progress, request)  # type: ignore[arg-type]

    after = after_retime(progress, request, NOW)

    assert after.state is ObligationState.OPEN
    assert after.deadline.due == dt.date(2025, 4, 15)
    assert not after.missed
    assert after.extensions == 0
    assert after.retimes == 1
    assert after.cursor == NOW  # reminders whose time passed before the retime are not sent late


def test_only_the_system_retimes_and_only_with_a_reason() -> None:
    terms, progress = running()
    with pytest.raises(DomainError, match="только система"):
        check_retime(terms, progress, RetimeRequest(actor=COORDINATOR, deadline=CATALOG, reason="x"))  # type: ignore[arg-type]
    with pytest.raises(DomainError, match="причина"):
        check_retime(terms, progress, RetimeRequest(actor=SYSTEM, deadline=CATALOG, reason="  "))  # type: ignore[arg-type]


def test_a_retime_to_the_date_already_in_force_is_refused() -> None:
    terms, progress = running()
    with pytest.raises(DomainError, match="уже 31.12.2024"):
        check_retime(terms, progress, RetimeRequest(actor=SYSTEM, deadline=OLD, reason="x"))  # type: ignore[arg-type]


def test_a_deadline_the_coordinator_extended_is_kept() -> None:
    terms, progress = running()
    extension = ExtendRequest(actor=COORDINATOR, deadline=deadline_for(dt.date(2025, 2, 1)), reason="просьба")
    extended = after_extend(progress, extension, NOW)
    with pytest.raises(DomainError, match="продлил"):
        check_retime(terms, extended, RetimeRequest(actor=SYSTEM, deadline=CATALOG, reason="x"))  # type: ignore[arg-type]


def test_closed_obligations_are_not_retimed() -> None:
    terms, progress = running(state=ObligationState.ACCEPTED)
    with pytest.raises(DomainError):
        check_retime(terms, progress, RetimeRequest(actor=SYSTEM, deadline=CATALOG, reason="x"))  # type: ignore[arg-type]


def test_the_status_follows_a_retime_and_lifts_the_missed_deadline_of_the_old_rule() -> None:
    oid = "2024/05/77"
    events = [
        (ObligationOpened(obligation_id=oid, cycle=2024, measure=5, participant="77", due=OLD.due,
                          effective_due=OLD.effective_due), NOW - dt.timedelta(days=300)),
        (DeadlineMissed(obligation_id=oid, due=OLD.due, effective_due=OLD.effective_due),
         NOW - dt.timedelta(days=5)),
        (DeadlineRetimed(obligation_id=oid, due=CATALOG.due, effective_due=CATALOG.effective_due,
                         previous_due=OLD.due, reason="срок годового отчёта"), NOW),
    ]  # fmt: skip

    status = None
    for event, at in events:
        status = fold_status(status, event, at)

    assert status is not None

    assert status.state is ObligationState.OPEN
    assert status.due == dt.date(2025, 4, 15)
    assert not status.deadline_missed
    assert status.extensions == 0
