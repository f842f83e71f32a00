"""Row reading and the import rules: bad rows name their line, good rows become dated, stable events."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest

from domain.errors import DomainError
from domain.history_import.events import (
    AcceptanceImported,
    DeadlineMissedImported,
    ObligationImported,
    SubmissionImported,
)
from domain.history_import.rows import Column, map_headers, parse_row, row_cells
from domain.history_import.rules import plan_import
from domain.obligation.events import Milestone
from domain.obligation.id import ObligationId
from domain.obligation.states import ObligationState

SHA = "a" * 64
AS_OF = dt.date(2026, 11, 23)


@dataclass(frozen=True)
class FakePlan:
    due: dt.date
    effective_due: dt.date
    milestones: tuple[Milestone, ...] = ()


def lookup(oid: ObligationId) -> FakePlan:
    if oid.measure > 31:
        raise DomainError(f"no measure {oid.measure}")
    return FakePlan(dt.date(oid.cycle + 1, 4, 15), dt.date(oid.cycle + 1, 4, 15))


def row(line: int = 2, **cells: object) -> object:
    values = {Column(k): v for k, v in cells.items()}
    return parse_row(line, values)  # type: ignore[arg-type]


ACCEPTED = {
    "obligation": "2023/05/77",
    "state": "accepted",
    "document_kind": "приказ",
    "document_number": "123-п",
    "document_date": "01.03.2024",
    "document_issuer": "Департамент здравоохранения",
    "submitted_on": "2024-03-05",
    "accepted_on": dt.date(2024, 3, 20),
}


def plan(*rows: object) -> list:  # type: ignore[type-arg]
    return plan_import(list(rows), lookup, AS_OF, "history.xlsx", SHA)  # type: ignore[arg-type]


def test_headers_accept_codes_and_russian_labels() -> None:
    mapping = map_headers(["obligation", "Состояние", None, "Дата принятия"])
    assert mapping == {0: Column.OBLIGATION, 1: Column.STATE, 3: Column.ACCEPTED_ON}


def test_unknown_header_is_rejected_on_line_1() -> None:
    with pytest.raises(DomainError, match="строка 1: неизвестный столбец «color»") as info:
        map_headers(["obligation", "state", "color"])
    assert info.value.code == "unknown_column"


def test_accepted_row_becomes_opened_submitted_accepted_at_business_dates() -> None:
    [imported] = plan(row(**ACCEPTED))
    events = [p.event for p in imported.events]
    assert [type(e) for e in events] == [ObligationImported, SubmissionImported, AcceptanceImported]
    assert imported.state is ObligationState.ACCEPTED
    assert imported.events[2].occurred_at.date() == dt.date(2024, 3, 20)
    assert events[1].source.line == 2  # type: ignore[attr-defined]
    assert events[1].source.file_sha256 == SHA  # type: ignore[attr-defined]


def test_late_acceptance_records_the_missed_deadline_first() -> None:
    [imported] = plan(row(**{**ACCEPTED, "submitted_on": "2024-05-02", "accepted_on": "2024-05-10"}))
    kinds = [type(p.event) for p in imported.events]
    assert kinds == [ObligationImported, DeadlineMissedImported, SubmissionImported, AcceptanceImported]
    times = [p.occurred_at for p in imported.events]
    assert times == sorted(times)


def test_same_file_plans_the_same_event_ids() -> None:
    first = plan(row(**ACCEPTED))[0].events
    second = plan(row(**ACCEPTED))[0].events
    assert [e.event_id for e in first] == [e.event_id for e in second]
    assert len({e.event_id for e in first}) == len(first)


@pytest.mark.parametrize(
    ("cells", "message", "code"),
    [
        (
            {**ACCEPTED, "obligation": "2023/40/77"},
            "строка 2: неизвестное обязательство 2023/40/77",
            "unknown_obligation",
        ),
        (
            {**ACCEPTED, "accepted_on": "2024-03-01"},
            "строка 2: `accepted_on` (01.03.2024) раньше, чем `submitted_on`",
            "dates_out_of_order",
        ),
        (
            {**ACCEPTED, "accepted_on": "2027-01-01"},
            "строка 2: `accepted_on`: дата 01.01.2027 ещё не наступила",
            "date_in_future",
        ),
        (
            {**ACCEPTED, "submitted_on": "31.02.2024"},
            "строка 2: `submitted_on`: «31.02.2024» — не дата",
            "bad_date",
        ),
        (
            {
                "obligation": "2023/05/77",
                "state": "accepted",
                "submitted_on": "2024-03-05",
                "accepted_on": "2024-03-20",
            },
            "строка 2: для сдачи нужны реквизиты документа",
            "no_document",
        ),
        (
            {"obligation": "2023/05/77", "state": "accepted"},
            "строка 2: у принятого обязательства должны быть реквизиты документа",
            "no_document",
        ),
        (
            {"obligation": "2023/05/77", "state": "open"},
            "строка 2: состояние «open» не согласуется с датами",
            "state_contradicts_dates",
        ),
        ({**ACCEPTED, "state": "maybe"}, "строка 2: `state`: неизвестное состояние «maybe»", "unknown_state"),
        (
            {**ACCEPTED, "document_number": ""},
            "строка 2: реквизиты документа неполны: не заполнены document_number",
            "incomplete_document",
        ),
    ],
)
def test_bad_row_is_rejected_naming_its_line(cells: dict[str, object], message: str, code: str) -> None:
    with pytest.raises(DomainError, match=re.escape(message)) as info:
        plan(row(**cells))
    assert info.value.code == code


def test_second_row_for_the_same_obligation_is_rejected() -> None:
    with pytest.raises(DomainError, match="строка 3: обязательство 2023/05/77 уже указано в строке 2"):
        plan(row(2, **ACCEPTED), row(3, **ACCEPTED))


def test_returned_then_resubmitted_and_still_under_review_is_submitted() -> None:
    cells = {
        **ACCEPTED,
        "state": "submitted",
        "accepted_on": None,
        "returned_on": "2024-03-10",
        "return_reason": "Нет подписи",
        "resubmitted_on": "2024-03-15",
    }
    [imported] = plan(row(**cells))
    assert imported.state is ObligationState.SUBMITTED
    assert imported.needs_workflow


def test_overdue_without_submission_needs_a_workflow() -> None:
    [imported] = plan(row(obligation="2025/05/77", state="просрочено"))
    assert imported.state is ObligationState.OVERDUE
    assert type(imported.events[-1].event) is DeadlineMissedImported
    assert imported.needs_workflow


def test_waived_before_the_deadline_has_no_missed_deadline() -> None:
    [imported] = plan(
        row(
            obligation="2023/05/77",
            state="waived",
            waived_on="2024-02-01",
            waive_reason="Мероприятие выполнено на федеральном уровне",
        )
    )
    assert imported.state is ObligationState.WAIVED
    assert not any(isinstance(p.event, DeadlineMissedImported) for p in imported.events)


def test_cells_beyond_the_header_are_ignored() -> None:
    cells = row_cells({0: Column.OBLIGATION}, ["2023/05/77", "extra"])
    assert cells == {Column.OBLIGATION: "2023/05/77"}
