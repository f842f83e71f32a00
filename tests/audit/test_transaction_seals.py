"""Transaction seals against the database's owner: a seal removed, moved, copied onto a forged row, or
a row rewritten inside a transaction of several events and the chain recomputed, fails `eci audit
verify`'s checks and the bundle's verifier alike, at the row it concerns; the untouched log verifies with
every event covered and one signature check per writer's session."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from store_events import new, opened, reminder, stream_of
from store_tamper import rechain, unguard

from config.settings import Settings
from eci.identity.keys import load_key
from eci.identity.principal import found
from eci.identity.sealing import KeySealer
from reports.audit_export import export_bundle
from reports.bundle_seals import seal_link
from reports.bundle_verifier import Failure, verify_bundle
from reports.signature_feed import with_signatures
from store.event_store import EventStore
from store.report_queries import iter_event_rows
from store.verify import verify_chain

ADMIN = "root"


@pytest.fixture
def log(tmp_path: Path) -> Path:
    """A founded SQLite log: the founding, then transactions of 3, 1 and 2 events by the admin's key."""
    url = f"sqlite:///{tmp_path}/events.sqlite3"
    settings = Settings(database_url=url, key_dir=tmp_path / "keys")
    with EventStore.open(url) as store:
        found(store, settings, ADMIN, "Администратор", ("admin", "auditor"))
        key = load_key(tmp_path / "keys", ADMIN)
        assert key is not None
        store.sealer = KeySealer(key)
        oid = "2023/05/77"
        store.append(stream_of(oid), [new(opened(oid)), new(reminder(oid)), new(reminder(oid))])
        store.append(stream_of("2023/05/78"), [new(opened("2023/05/78"))])
        store.append(stream_of("2023/05/79"), [new(opened("2023/05/79")), new(reminder("2023/05/79"))])
    return tmp_path / "events.sqlite3"


def live(database: Path) -> dict[str, Any]:
    with EventStore.open(f"sqlite:///{database}", migrate=False) as store:
        report = verify_chain(store.engine, store.dialect)
        return with_signatures(report, store).public()


def bundle(database: Path, folder: Path) -> dict[str, Any]:
    with EventStore.open(f"sqlite:///{database}", migrate=False) as store:
        export_bundle(iter_event_rows(store.engine, store.dialect), folder / "docs", folder / "bundle")
    try:
        return verify_bundle(str(folder / "bundle"))
    except Failure as failure:
        return {"ok": False, "position": failure.position, "code": failure.code, "reason": str(failure)}


def both(database: Path, folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    return live(database), bundle(database, folder)


def sealed_rows(database: Path) -> list[tuple[int, dict[str, Any]]]:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT position, seal FROM events WHERE seal IS NOT NULL ORDER BY position")
        return [(int(p), json.loads(s)) for p, s in rows.fetchall()]


def fail_alike(database: Path, folder: Path, position: int, code: str) -> str:
    ours, theirs = both(database, folder)
    assert (ours["ok"], ours["position"], ours["code"]) == (False, position, code), ours
    assert (theirs["ok"], theirs["position"], theirs["code"]) == (False, position, code), theirs
    assert ours["reason"] == theirs["reason"]
    return str(ours["reason"])


def test_the_untouched_log_verifies_with_every_event_covered(log: Path, tmp_path: Path) -> None:
    ours, theirs = both(log, tmp_path)
    assert ours["ok"], ours
    assert ours["seals"] == ours["events"] == theirs["seals"] == 8
    assert [p for p, _ in sealed_rows(log)] == [2, 5, 6, 8], "one seal per transaction, on its last row"


def test_a_row_rewritten_inside_a_transaction_fails_at_that_row(log: Path, tmp_path: Path) -> None:
    def later(row: dict[str, Any]) -> None:
        row["payload"]["days_before"] = 1

    rechain(log, 4, later)  # the second of the transaction 3..5
    reason = fail_alike(log, tmp_path, 4, "seal_invalid")
    assert " не покрывает это событие: оно изменено после записи, или печать поддельная" in reason


def test_a_seal_removed_leaves_its_rows_unsealed(log: Path, tmp_path: Path) -> None:
    with sqlite3.connect(log) as db:
        unguard(db)
        db.execute("UPDATE events SET seal = NULL WHERE position = 5")
    fail_alike(log, tmp_path, 3, "unsealed_after_sealing")


def test_a_seal_moved_to_another_row_fails(log: Path, tmp_path: Path) -> None:
    with sqlite3.connect(log) as db:
        unguard(db)
        seal = db.execute("SELECT seal FROM events WHERE position = 6").fetchone()[0]
        db.execute("UPDATE events SET seal = NULL WHERE position = 6")
        db.execute("UPDATE events SET seal = ? WHERE position = 7", (seal,))
    fail_alike(log, tmp_path, 7, "signature_malformed")  # it names one row, and stands on two


def test_a_forged_row_under_a_copied_seal_fails(log: Path, tmp_path: Path) -> None:
    """As the application's role could: append a correctly chained row, carrying the last seal again."""
    from store.chain import canonical_row, chain_hash

    with sqlite3.connect(log) as db:
        columns = (
            "event_id, stream, version, type, schema_version, payload, metadata, occurred_at, recorded_at"
        )
        last = db.execute(f"SELECT {columns}, hash, seal FROM events WHERE position = 8").fetchone()
        event_id = "00000000-0000-4000-8000-000000000009"
        payload, metadata = last[5], last[6]
        digest = chain_hash(last[9], canonical_row(event_id, metadata, last[7], payload, 9, last[8], last[4],
                                                    last[1], last[3], last[2] + 1))  # fmt: skip
        copied = json.loads(last[10])
        # Even continuing the writer's session as the verifier will rebuild it: only the key could sign it.
        prev = seal_link(copied, 8, last[9])
        seal = {**copied, "first": 9, "rows": digest[:8], "seq": copied["seq"] + 1, "prev": prev}
        db.execute(
            f"INSERT INTO events (position, {columns}, prev_hash, hash, seal) "
            "VALUES (9, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event_id, last[1], last[2] + 1, last[3], last[4], payload, metadata, last[7], last[8], last[9],
             digest, json.dumps(seal)),
        )  # fmt: skip
    reason = fail_alike(log, tmp_path, 9, "seal_invalid")
    assert reason.startswith(f"печать пользователя {ADMIN} ")


def test_a_seal_dropped_from_a_writers_session_breaks_it(log: Path, tmp_path: Path) -> None:
    """The middle transaction's rows sealed again as if the session had skipped it: the next seal's
    digest no longer follows."""
    with sqlite3.connect(log) as db:
        unguard(db)
        sixth = json.loads(db.execute("SELECT seal FROM events WHERE position = 6").fetchone()[0])
        fifth = json.loads(db.execute("SELECT seal FROM events WHERE position = 5").fetchone()[0])
        sixth["seq"] = fifth["seq"]  # a second seal numbered as the one before it
        db.execute("UPDATE events SET seal = ? WHERE position = 6", (json.dumps(sixth),))
    fail_alike(log, tmp_path, 6, "seal_chain_broken")
