"""Signed checkpoints and their witnesses: `eci audit checkpoint` signs the log's size and Merkle root;
`eci audit verify --checkpoint FILE` proves today's log extends a checkpoint a witness kept; a log
truncated and regrown (every hash recomputed, the stored checkpoints and tree wiped) fails against it, and
so does the witness's own check with `verify_receipt.py`, which needs nothing of the log but the files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_invoke import Outcome, run_eci
from sqlalchemy import text
from store_events import new, opened, reminder, stream_of
from store_tamper import unguard

from config.settings import load_settings
from reports import receipt_verifier
from store.checkpoints import sign_checkpoint
from store.event_store import EventStore
from store.log_key import load_log_key
from store.log_receipts import extension, receipt_bytes

Eci = Callable[..., Outcome]
BARE_PYTHON = shutil.which("python3", path="/usr/bin:/bin") or sys.executable


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


@pytest.fixture
def verifier(tmp_path: Path) -> Path:
    """verify_receipt.py alone in a folder, as a witness keeps it."""
    folder = tmp_path / "witness"
    folder.mkdir()
    return Path(shutil.copyfile(receipt_verifier.__file__, folder / "verify_receipt.py"))


def witness_check(verifier: Path, *args: Path | str) -> tuple[int, dict[str, Any]]:
    """The witness's check, by a bare interpreter that knows nothing of eci."""
    done = subprocess.run(
        [BARE_PYTHON, "-I", str(verifier), *map(str, args), "--json"],
        capture_output=True, text=True, timeout=60, check=False, cwd=verifier.parent,
    )  # fmt: skip
    return done.returncode, json.loads(done.stdout)


def grow(store: EventStore, count: int, oid: str = "2024/30/99") -> None:
    """Append `count` more events to one obligation's stream."""
    store.append(stream_of(oid), [new(opened(oid))] + [new(reminder(oid, d)) for d in range(count - 1)])


def truncate_and_regrow(store: EventStore, keep: int, regrow: int) -> None:
    """As the database owner: drop every event after `keep`, wipe the checkpoints and the kept tree, then
    append `regrow` new events through the store (so every hash after `keep` is chained afresh)."""
    with store.engine.begin() as conn:
        unguard(conn)
        conn.execute(text("DELETE FROM events WHERE position > :keep"), {"keep": keep})
        conn.execute(text("DELETE FROM checkpoints"))
        conn.execute(text("DELETE FROM merkle_nodes"))
    grow(store, regrow, oid="2024/31/98")


def test_a_checkpoint_is_signed_for_the_log_and_verify_proves_the_log_extends_it(
    eci: Eci, story_store: EventStore, tmp_path: Path, verifier: Path
) -> None:
    first = tmp_path / "checkpoint-first.json"
    signed = eci("audit", "checkpoint", "--out", first, "--json")
    assert signed.code == 0, signed.err
    point = json.loads(signed.out)
    head = story_store.head()
    assert head is not None
    assert point["size"] == head[0]
    assert point["key_id"] == load_log_key(load_settings().effective_log_key_file).key_id
    assert json.loads(first.read_text())["checkpoint"]["root"] == point["root"]
    grow(story_store, 40)

    verdict = eci("audit", "verify", "--json", "--checkpoint", first)
    assert verdict.code == 0, verdict.out
    result = json.loads(verdict.out)
    assert result["ok"]
    assert result["checkpoints"] == 1
    [proved] = result["witnessed"]
    assert (proved["size"], proved["consistent"]) == (point["size"], True)
    text_verdict = eci("audit", "verify", "--checkpoint", first)
    assert f"Журнал продолжает контрольную точку {first}" in text_verdict.out

    later = tmp_path / "checkpoint-later.json"
    assert eci("audit", "checkpoint", "--since", first, "--out", later).code == 0
    code, checked = witness_check(verifier, first, "--later", later, "--key", point["key_id"])
    assert code == 0, checked
    assert [c["size"] for c in checked["later"]] == [point["size"] + 40]


def test_a_log_truncated_and_regrown_fails_against_an_earlier_checkpoint(
    eci: Eci, story_store: EventStore, tmp_path: Path, verifier: Path
) -> None:
    kept = tmp_path / "checkpoint-kept.json"
    assert eci("audit", "checkpoint", "--out", kept).code == 0
    size = json.loads(kept.read_text())["checkpoint"]["size"]
    truncate_and_regrow(story_store, keep=size - 3, regrow=10)

    assert eci("audit", "verify").code == 0, "the chain alone, recomputed, looks intact"
    outcome = eci("audit", "verify", "--json", "--checkpoint", kept)
    assert outcome.code == 1
    verdict = json.loads(outcome.out)
    assert (verdict["ok"], verdict["code"]) == (False, "checkpoint_not_extended")
    assert verdict["reason"] == (
        f"{kept}: первые {size} событий журнала больше не дают корень контрольной точки: событие на позиции "
        f"{size} или раньше изменено, удалено или переставлено"
    )

    refused = eci("audit", "checkpoint", "--since", kept, "--out", tmp_path / "never.json")
    assert refused.code == 1
    assert f"журнал не продолжает контрольную точку {size} из {kept}: прежние записи изменены" in refused.err
    assert not (tmp_path / "never.json").exists()

    # Whoever holds the log key signs the rewritten log and offers a proof from the kept checkpoint:
    # the witness's own check, with only the two files, refuses it.
    engine, dialect = story_store.engine, story_store.dialect
    key = load_log_key(load_settings().effective_log_key_file)
    rewritten = sign_checkpoint(engine, dialect, key, witnessed=True)
    old = json.loads(kept.read_text())["checkpoint"]
    forged = tmp_path / "checkpoint-forged.json"
    forged.write_bytes(receipt_bytes(extension(engine, dialect, (old["size"], old["root"]), rewritten)))
    code, checked = witness_check(verifier, kept, "--later", forged)
    assert (code, checked["code"]) == (1, "consistency")


def test_a_truncated_log_fails_against_the_checkpoints_it_signed_itself(
    eci: Eci, story_store: EventStore
) -> None:
    assert eci("audit", "checkpoint").code == 0
    head = story_store.head()
    assert head is not None
    with story_store.engine.begin() as conn:
        unguard(conn)
        conn.execute(text("DELETE FROM events WHERE position > :keep"), {"keep": head[0] - 2})
        conn.execute(text("UPDATE projection_positions SET position = :keep"), {"keep": head[0] - 2})
    outcome = eci("audit", "verify", "--json")
    assert outcome.code == 1
    verdict = json.loads(outcome.out)
    assert verdict["code"] == "checkpoint_truncated"
    said = f"в журнале событий {head[0] - 2}, меньше, чем в контрольной точке ({head[0]}): журнал усечён"
    assert verdict["reason"].startswith(f"контрольная точка {head[0]} от "), verdict
    assert verdict["reason"].endswith(f": {said}"), verdict
    assert f"Журнал не прошёл проверку: контрольная точка {head[0]} от " in eci("audit", "verify").out


def test_a_rewritten_event_before_the_checkpoint_fails_though_every_hash_was_recomputed(
    eci: Eci, story_store: EventStore, tmp_path: Path
) -> None:
    kept = tmp_path / "checkpoint.json"
    assert eci("audit", "checkpoint", "--out", kept).code == 0
    size = json.loads(kept.read_text())["checkpoint"]["size"]
    rows = [r for r in story_store.read_all()]
    # Re-chain the log from position 5 on with one reason reworded, as a database owner could.
    from store.chain import canonical_json, canonical_row, chain_hash

    with story_store.engine.begin() as conn:
        unguard(conn)
        conn.execute(text("DELETE FROM checkpoints"))
        raw = conn.execute(
            text("SELECT position, event_id, stream, version, type, schema_version, payload, metadata, "
                 "occurred_at, recorded_at FROM events WHERE position >= 5 ORDER BY position")
        ).all()  # fmt: skip
        prev = rows[3].hash
        for position, eid, stream, version, kind, schema, payload, metadata, occurred, recorded in raw:
            body = json.loads(payload)
            if position == 5:
                body["rewritten"] = True
            payload = canonical_json(body)
            digest = chain_hash(prev, canonical_row(eid, metadata, occurred, payload, position, recorded,
                                                    schema, stream, kind, version))  # fmt: skip
            conn.execute(
                text("UPDATE events SET payload = :p, prev_hash = :prev, hash = :h WHERE position = :pos"),
                {"p": payload, "prev": prev, "h": digest, "pos": position},
            )
            prev = digest
    assert eci("audit", "verify").code == 0
    outcome = eci("audit", "verify", "--checkpoint", kept)
    assert outcome.code == 1
    said = f"Журнал не прошёл проверку: {kept}: первые {size} событий журнала больше не дают корень"
    assert said in outcome.out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "bad.json: не контрольная точка журнала в JSON"),
        (b'{"checkpoint": {"origin": "x"}}', "bad.json: не подписанная контрольная точка этого журнала: "),
    ],
)
def test_a_bad_checkpoint_file_is_one_line_and_reads_nothing(
    eci: Eci, story_store: EventStore, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    outcome = eci("audit", "verify", "--checkpoint", bad)
    assert outcome.code == 2
    assert outcome.err.startswith("eci: error: ")
    assert message in outcome.err
    assert outcome.err.count("\n") == 1
