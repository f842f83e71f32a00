"""`eci db` and `eci audit verify|history` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_invoke import Outcome, run_eci
from sqlalchemy import text
from store_events import document, new, opened, reminder, stream_of
from store_tamper import unguard

from domain.documents import SubmittedDocument
from domain.obligation.events import DocumentSubmitted
from store.documents import DocumentStore
from store.event_store import EventStore

OID = "2023/05/77"


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data_dir: Path):  # type: ignore[no-untyped-def]
    """Run `eci ARGS` against a fresh data dir."""

    def run(*args: str) -> Outcome:
        return run_eci(list(args), capsys, monkeypatch)

    return run


@pytest.fixture
def filled(eci, data_dir: Path) -> EventStore:  # type: ignore[no-untyped-def]
    """An initialised store under the data dir holding one obligation's events."""
    assert eci("db", "init").code == 0
    store = EventStore.open(f"sqlite:///{(data_dir / 'events.sqlite3').resolve()}")
    stored = DocumentStore(data_dir / "documents").put(b"%PDF-1.4 order", "order.pdf", "application/pdf")
    submission = DocumentSubmitted(
        obligation_id=OID, documents=(SubmittedDocument(details=document().details, file=stored),)
    )
    store.append(stream_of(OID), [new(opened(OID)), new(reminder(OID)), new(submission)])
    return store


def test_db_init_creates_the_store_from_any_directory(eci, data_dir: Path, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    first = eci("db", "init")
    assert first.code == 0
    assert "создана" in first.out
    assert (data_dir / "events.sqlite3").exists()
    assert eci("db", "upgrade").out.strip() == "Схема базы событий: без изменений"


def test_db_stats_json(eci, filled: EventStore) -> None:  # type: ignore[no-untyped-def]
    stats = json.loads(eci("db", "stats", "--json").out)
    assert (stats["events"], stats["streams"], stats["last_position"]) == (3, 1, 3)
    assert stats["size_bytes"] > 0


def test_db_rebuild_reports_events_folded(eci, filled: EventStore) -> None:  # type: ignore[no-untyped-def]
    outcome = eci("db", "rebuild")
    assert outcome.code == 0
    assert "3 событий" in outcome.out


def test_audit_verify_json_ok(eci, filled: EventStore) -> None:  # type: ignore[no-untyped-def]
    outcome = eci("audit", "verify", "--json")
    assert outcome.code == 0
    assert json.loads(outcome.out) == {
        "ok": True,
        "events": 3,
        "head_position": 3,
        "head": filled.head()[1],  # type: ignore[index]
    }


def test_audit_verify_names_the_changed_row_and_exits_1(eci, filled: EventStore) -> None:  # type: ignore[no-untyped-def]
    with filled.engine.begin() as conn:
        unguard(conn)
        conn.execute(text("UPDATE events SET metadata = replace(metadata, 'system', 'x') WHERE position = 2"))
    outcome = eci("audit", "verify", "--json")
    assert outcome.code == 1
    verdict = json.loads(outcome.out)
    assert (verdict["ok"], verdict["position"], verdict["code"]) == (False, 2, "hash_mismatch")
    assert verdict["reason"] == "хеш не совпадает с содержимым строки: событие изменено"
    plain = eci("audit", "verify")
    assert plain.out == f"Цепочка нарушена на позиции 2: {verdict['reason']}\n"


def test_audit_history_lists_the_stream(eci, filled: EventStore) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(eci("audit", "history", OID, "--json").out)
    assert [(r["version"], r["type"], r["metadata"]["actor"]) for r in rows] == [
        (1, "ObligationOpened", "system"),
        (2, "ReminderSent", "system"),
        (3, "DocumentSubmitted", "system"),
    ]
    table = eci("audit", "history", f"obligation/{OID}").out
    assert "DocumentSubmitted" in table


def test_newer_database_is_a_one_line_error(eci, filled: EventStore) -> None:  # type: ignore[no-untyped-def]
    with filled.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    outcome = eci("db", "stats")
    assert outcome.code != 0
    assert outcome.err.startswith("eci: error: версия схемы базы данных '9999_future' новее")
    assert outcome.err.count("\n") == 1


def test_db_upgrade_moves_an_old_file_store_into_the_database(eci, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from store.document_db import DatabaseDocuments

    assert eci("db", "init").code == 0
    kept = DocumentStore(data_dir / "documents").put(b"%PDF-1.4 old order", "old.pdf", "application/pdf")
    moved = eci("db", "upgrade")
    assert moved.code == 0, moved.err
    assert "Документов перенесено в базу: 1" in moved.out
    with EventStore.open(f"sqlite:///{(data_dir / 'events.sqlite3').resolve()}") as store:
        assert DatabaseDocuments(store.engine).read(kept.sha256) == b"%PDF-1.4 old order"
    assert eci("db", "upgrade").out.strip() == "Схема базы событий: без изменений"
