"""Importing into a real event store: all or nothing, idempotent, folding to the states the file reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from history_files import write_history

from domain.actors import COORDINATOR, Actor
from domain.errors import DomainError
from domain.obligation.status import fold_all
from eci.errors import EciError
from eci.history_import.files import read_import_file, write_template
from eci.history_import.importer import import_file
from store.event_store import EventStore

AS_OF = dt.date(2026, 11, 23)

HISTORY = [
    {
        "obligation": "2023/05/77",
        "state": "accepted",
        "document_kind": "постановление",
        "document_number": "412-п",
        "document_date": "2023-11-20",
        "document_issuer": "Правительство Москвы",
        "submitted_on": "2023-12-01",
        "accepted_on": "2023-12-12",
    },
    {
        "obligation": "2024/05/78",
        "state": "accepted",
        "document_kind": "приказ",
        "document_number": "77-од",
        "document_date": "2024-12-01",
        "document_issuer": "Комитет по социальной политике",
        "submitted_on": "2024-12-10",
        "returned_on": "2024-12-15",
        "return_reason": "Документ не подписан",
        "resubmitted_on": "2025-01-20",
        "accepted_on": "2025-01-25",
    },
    {"obligation": "2024/05/50", "state": "waived", "waived_on": "2024-06-01", "waive_reason": "Решение МРГ"},
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    events = EventStore.open(f"sqlite:///{tmp_path / 'events.sqlite3'}")
    yield events
    events.close()


def statuses(store: EventStore) -> dict[str, str]:
    return {k: v.state.value for k, v in fold_all(store.read_all()).items()}


def test_imported_history_folds_to_the_reported_states(store: EventStore, tmp_path: Path) -> None:
    summary = import_file(store, write_history(tmp_path / "h.csv", HISTORY), COORDINATOR, as_of=AS_OF)
    assert summary.obligations_written == 3
    assert statuses(store) == {"2023/05/77": "accepted", "2024/05/78": "accepted", "2024/05/50": "waived"}


def test_imported_events_keep_business_dates_and_provenance(store: EventStore, tmp_path: Path) -> None:
    path = write_history(tmp_path / "h.csv", HISTORY[:1])
    import_file(store, path, COORDINATOR, as_of=AS_OF)
    recorded = store.read_stream("obligation/2023/05/77")
    accepted = recorded[-1]
    assert accepted.type == "AcceptanceImported"
    assert accepted.occurred_at.date() == dt.date(2023, 12, 12)
    assert accepted.recorded_at > accepted.occurred_at
    assert accepted.metadata.actor == "coordinator"
    assert read_import_file(path).sha256 in (accepted.metadata.cause or "")
    assert accepted.event.source.file_name == "h.csv"  # type: ignore[attr-defined]


def test_importing_the_same_file_twice_changes_nothing(store: EventStore, tmp_path: Path) -> None:
    path = write_history(tmp_path / "h.csv", HISTORY)
    import_file(store, path, COORDINATOR, as_of=AS_OF)
    head = store.head()
    again = import_file(store, path, COORDINATOR, as_of=AS_OF)
    assert (again.obligations_written, again.events_written, again.obligations_unchanged) == (0, 0, 3)
    assert store.head() == head


def test_a_bad_row_rejects_the_file_and_writes_nothing(store: EventStore, tmp_path: Path) -> None:
    bad = {
        **HISTORY[0],
        "obligation": "2023/05/78",
        "document_kind": "",
        "document_number": "",
        "document_date": "",
        "document_issuer": "",
        "submitted_on": "",
        "accepted_on": "2023-12-12",
    }
    path = write_history(tmp_path / "h.csv", [*HISTORY, bad])
    with pytest.raises(DomainError, match="^строка 5: "):
        import_file(store, path, COORDINATOR, as_of=AS_OF)
    assert store.head() is None


def test_an_unknown_obligation_is_named_with_its_line(store: EventStore, tmp_path: Path) -> None:
    path = write_history(
        tmp_path / "h.csv", [{**HISTORY[0], "obligation": "2023/05/Минфин России"}, *HISTORY]
    )
    with pytest.raises(DomainError, match="^строка 2: неизвестное обязательство 2023/05/Минфин России"):
        import_file(store, path, COORDINATOR, as_of=AS_OF)
    assert store.head() is None


def test_another_file_cannot_rewrite_an_imported_obligation(store: EventStore, tmp_path: Path) -> None:
    import_file(store, write_history(tmp_path / "a.csv", HISTORY[:1]), COORDINATOR, as_of=AS_OF)
    changed = [{**HISTORY[0], "accepted_on": "2023-12-13"}]
    with pytest.raises(
        DomainError, match=r"строка 2: у обязательства 2023/05/77 в хранилище уже есть другие события \(3\)"
    ):
        import_file(store, write_history(tmp_path / "b.csv", changed), COORDINATOR, as_of=AS_OF)


def test_open_obligations_need_a_workflow_starter(store: EventStore, tmp_path: Path) -> None:
    path = write_history(tmp_path / "h.csv", [{"obligation": "2025/05/77", "state": "overdue"}])
    with pytest.raises(EciError, match="строка 2: обязательство 2025/05/77 ещё не закрыто"):
        import_file(store, path, COORDINATOR, as_of=AS_OF)
    assert store.head() is None


def test_only_the_coordinator_imports(store: EventStore, tmp_path: Path) -> None:
    with pytest.raises(EciError, match="историю импортирует только координатор, а не регион 77") as info:
        import_file(store, write_history(tmp_path / "h.csv", HISTORY), Actor.parse("region:77"), as_of=AS_OF)
    assert info.value.code == "coordinator_only"


@pytest.mark.parametrize("name", ["template.csv", "template.xlsx"])
def test_the_template_reads_back_as_an_empty_file_with_every_column(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_template(path)
    assert read_import_file(path).rows == ()


def test_xlsx_dates_and_cells_are_read(tmp_path: Path, store: EventStore) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "h.xlsx"
    write_template(path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    naive = dt.datetime(2023, 11, 20)  # noqa: DTZ001 - XLSX date cells are naive
    row = HISTORY[0] | {"document_date": naive, "accepted_on": dt.date(2023, 12, 12)}
    sheet.append([row.get(h) for h in headers])
    book.save(path)
    import_file(store, path, COORDINATOR, as_of=AS_OF)
    assert statuses(store) == {"2023/05/77": "accepted"}
