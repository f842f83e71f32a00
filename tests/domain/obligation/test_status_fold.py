"""The status fold: each event's effect, final states that stay final, as-of and as-known-at answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from store_events import T0, accepted, missed, opened, reminder, returned, submitted

from domain.errors import DomainError
from domain.eventing.registry import EVENT_MODULES, decode_event, event_types, upcast, upcaster
from domain.obligation.events import DeadlineExtended, ObligationClosed, ObligationWaived
from domain.obligation.states import ObligationState
from domain.obligation.status import EventRecord, ObligationStatus, fold_all, fold_status

OID = "2023/05/77"
DAY = dt.timedelta(days=1)


def _fold(*events: Any) -> ObligationStatus:
    status = None
    for n, event in enumerate(events):
        status = fold_status(status, event, T0 + n * DAY)
    assert status is not None
    return status


def test_events_before_opening_fold_to_nothing() -> None:
    assert fold_status(None, reminder(OID), T0) is None


def test_opening_starts_open_with_the_plan_dates() -> None:
    status = _fold(opened(OID))
    assert (status.state, status.due, status.effective_due) == (
        ObligationState.OPEN,
        dt.date(2023, 12, 31),
        dt.date(2024, 1, 9),
    )
    assert (status.cycle, status.measure, status.participant) == (2023, 5, "77")


def test_submission_review_cycle() -> None:
    status = _fold(
        opened(OID), reminder(OID), submitted(OID), returned(OID), submitted(OID, seed=2), accepted(OID)
    )
    assert status.state is ObligationState.ACCEPTED
    assert status.submissions == 2
    assert [d.details.number for d in status.documents] == ["1-п", "2-п"]
    assert status.return_reason == "нет реквизитов"
    assert status.reminders_sent == 1
    assert status.accepted_at == T0 + 5 * DAY
    assert status.events == 6


def test_missed_deadline_makes_an_open_obligation_overdue_but_not_one_under_review() -> None:
    assert _fold(opened(OID), missed(OID)).state is ObligationState.OVERDUE
    under_review = _fold(opened(OID), submitted(OID), missed(OID))
    assert under_review.state is ObligationState.SUBMITTED
    assert under_review.deadline_missed


def test_extension_lifts_overdue() -> None:
    extended = DeadlineExtended(
        obligation_id=OID, due=dt.date(2024, 3, 1), effective_due=dt.date(2024, 3, 1), reason="паводок"
    )
    status = _fold(opened(OID), missed(OID), extended)
    assert (status.state, status.due, status.extensions, status.deadline_missed) == (
        ObligationState.OPEN,
        dt.date(2024, 3, 1),
        1,
        False,
    )


def test_final_states_stay_final() -> None:
    waived = ObligationWaived(obligation_id=OID, reason="не применяется")
    assert _fold(opened(OID), waived, submitted(OID), accepted(OID)).state is ObligationState.WAIVED
    late = _fold(opened(OID), submitted(OID), accepted(OID), waived, missed(OID))
    assert late.state is ObligationState.ACCEPTED


def test_closing_records_the_final_state() -> None:
    closed = ObligationClosed(obligation_id=OID, final_state=ObligationState.ACCEPTED)
    status = _fold(opened(OID), submitted(OID), accepted(OID), closed)
    assert status.closed
    assert status.state is ObligationState.ACCEPTED


def test_as_of_business_time_and_as_known_at_recording_time_differ_for_imported_history() -> None:
    # Submitted on day 10 but only recorded on day 40 (imported later).
    records = [
        EventRecord(opened(OID), T0, T0),
        EventRecord(missed(OID), T0 + 30 * DAY, T0 + 30 * DAY),
        EventRecord(submitted(OID), T0 + 10 * DAY, T0 + 40 * DAY),
    ]
    as_of_day_20 = fold_all(records, as_of=T0 + 20 * DAY)[OID]
    known_at_day_20 = fold_all(records, as_known_at=T0 + 20 * DAY)[OID]
    assert as_of_day_20.state is ObligationState.SUBMITTED
    assert known_at_day_20.state is ObligationState.OPEN
    assert fold_all([(r.event, r.occurred_at, r.recorded_at) for r in records]) == fold_all(records)


def test_registry_knows_every_event_module() -> None:
    types = event_types()
    assert {"ObligationOpened", "DocumentSubmitted", "ObligationClosed"} <= set(types)
    assert all(cls.__module__ in EVENT_MODULES for cls in types.values())
    # Each feature's own events module is found where it lives, not by its file name.
    assert {"UserAdded", "ReportFormSubmitted"} <= set(types)


def test_newer_schema_version_of_a_payload_is_refused() -> None:
    with pytest.raises(DomainError, match="новее известной этой версии eci"):
        decode_event("ReminderSent", 2, {"obligation_id": OID, "days_before": 1, "due": "2023-12-31"})


def test_upcasters_lift_older_payloads(monkeypatch: pytest.MonkeyPatch) -> None:
    from domain.obligation.events import ReminderSent

    monkeypatch.setattr(ReminderSent, "schema_version", 2)
    monkeypatch.setattr("domain.eventing.registry._UPCASTERS", {})

    @upcaster("ReminderSent", 1)
    def _rename(payload: dict[str, Any]) -> dict[str, Any]:
        lifted = {k: v for k, v in payload.items() if k != "days"}
        return {**lifted, "days_before": payload["days"]}

    old = {"obligation_id": OID, "days": 7, "due": "2023-12-31"}
    assert upcast("ReminderSent", 1, old) == {"obligation_id": OID, "days_before": 7, "due": "2023-12-31"}
    assert decode_event("ReminderSent", 1, old) == reminder(OID, days=7)


def test_evolve_equals_model_copy() -> None:
    from domain.obligation.status import evolve

    status = _fold(opened(OID), submitted(OID))
    changes: dict[str, Any] = {"reminders_sent": 3, "state": ObligationState.RETURNED}
    evolved = evolve(status, changes)
    copied = status.model_copy(update=changes)
    assert evolved == copied
    assert evolved.model_dump_json() == copied.model_dump_json()
    assert ObligationStatus.model_validate_json(evolved.model_dump_json()) == copied
