"""`eci audit export` and the standalone verifier: the same chain rule as the store, and tampering caught."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_invoke import Outcome, run_eci
from store_tamper import unguard

from reports import bundle_verifier
from reports.audit_export import RECEIPT_VERIFIER_NAME, VERIFIER_NAME, export_bundle
from store.chain import canonical_json, canonical_row, chain_hash
from store.event_store import EventStore
from store.report_queries import iter_event_rows

# The verifier must run where eci is not installed: an interpreter outside the project's environment,
# isolated from site-packages and the working directory.
BARE_PYTHON = shutil.which("python3", path="/usr/bin:/bin") or sys.executable


def _export(store: EventStore, data_dir: Path, out: Path) -> Path:
    export_bundle(iter_event_rows(store.engine, store.dialect), data_dir / "documents", out)
    return out


def _verify(bundle: Path, *extra: str) -> tuple[int, dict[str, object]]:
    done = subprocess.run(
        [BARE_PYTHON, "-I", str(bundle / VERIFIER_NAME), str(bundle), "--json", *extra],
        capture_output=True, text=True, timeout=60, check=False,
    )
    return done.returncode, json.loads(done.stdout)


Eci = Callable[..., Outcome]


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


@pytest.fixture
def bundle(story_store: EventStore, data_dir: Path, tmp_path: Path) -> Path:
    return _export(story_store, data_dir, tmp_path / "bundle")


def test_verifier_canonical_json_agrees_with_the_store(story_store: EventStore) -> None:
    rows = list(iter_event_rows(story_store.engine, story_store.dialect))
    assert rows
    for row in rows:
        fields = row.as_json_object()
        ours = bundle_verifier.canonical_json(fields)
        theirs = canonical_row(
            event_id=row.event_id, metadata_json=canonical_json(row.metadata), occurred_at=row.occurred_at,
            payload_json=canonical_json(row.payload), position=row.position, recorded_at=row.recorded_at,
            schema_version=row.schema_version, stream=row.stream, type_=row.type, version=row.version,
        )
        assert ours == theirs
        assert bundle_verifier.row_hash(row.prev_hash, fields) == row.hash
        assert chain_hash(row.prev_hash, theirs) == row.hash


def test_untouched_bundle_verifies_with_the_bare_interpreter(bundle: Path, story_store: EventStore) -> None:
    code, result = _verify(bundle)
    head = json.loads((bundle / "head.json").read_text())
    assert code == 0, result
    assert result["head_position"] == head["position"]
    assert result["documents"] == len(list((bundle / "documents").iterdir())) > 0
    assert sorted(p.name for p in bundle.iterdir()) == [
        "README.txt", "bundle_actions.py", "bundle_problems.py", "bundle_seals.py", "bundle_signatures.py",
        "documents", "events.jsonl", "head.json", VERIFIER_NAME, RECEIPT_VERIFIER_NAME,
    ]


def test_a_changed_byte_in_any_event_line_is_caught_at_its_position(bundle: Path) -> None:
    original = (bundle / "events.jsonl").read_bytes()
    lines = original.splitlines(keepends=True)
    for index in (0, len(lines) // 2, len(lines) - 1):
        line = lines[index]
        at = line.index(b'"stream":') + len(b'"stream":"') + 1  # a byte inside the stream name
        changed = line[:at] + bytes([line[at] ^ 1]) + line[at + 1 :]
        (bundle / "events.jsonl").write_bytes(b"".join(lines[:index] + [changed] + lines[index + 1 :]))
        code, result = _verify(bundle)
        assert code == 1
        assert (result["position"], result["code"]) == (index + 1, "hash_mismatch")
        assert result["reason"] == "хеш не совпадает с содержимым строки: событие изменено"
    (bundle / "events.jsonl").write_bytes(original)


def test_a_deleted_event_line_is_caught(bundle: Path) -> None:
    lines = (bundle / "events.jsonl").read_bytes().splitlines(keepends=True)
    (bundle / "events.jsonl").write_bytes(b"".join(lines[:3] + lines[4:]))
    code, result = _verify(bundle)
    assert code == 1
    assert (result["position"], result["code"]) == (4, "position_gap")
    assert result["reason"] == "после позиции 3 идёт позиция 5, а не 4: событие удалено или переставлено"


def test_a_changed_byte_in_a_document_file_is_caught(bundle: Path) -> None:
    document = sorted((bundle / "documents").iterdir())[0]
    data = bytearray(document.read_bytes())
    data[0] ^= 1
    document.write_bytes(bytes(data))
    code, result = _verify(bundle)
    assert code == 1
    assert result["code"] == "document_altered"
    assert result["reason"] == f"документ {document.name} изменён: SHA-256 файла не совпадает с его именем"


def test_a_removed_document_file_is_caught(bundle: Path) -> None:
    document = sorted((bundle / "documents").iterdir())[0]
    document.unlink()
    code, result = _verify(bundle)
    assert code == 1
    assert result["code"] == "document_missing"
    assert result["reason"] == f"документ {document.name} упомянут в событиях, но его нет в выгрузке"


def test_witness_of_an_earlier_head_holds_and_a_forged_one_fails(bundle: Path) -> None:
    first = json.loads((bundle / "events.jsonl").read_text(encoding="utf-8").splitlines()[4])
    assert _verify(bundle, "--witness", f"5:{first['hash']}")[0] == 0
    code, result = _verify(bundle, "--witness", f"5:{'0' * 64}")
    assert code == 1
    assert (result["position"], result["code"]) == (5, "witness_mismatch")
    assert result["reason"] == (
        f"свидетельство о позиции 5 не подтверждается: засвидетельствован хеш {'0' * 64}, а в цепочке — "
        f"{first['hash']}"
    )


def test_exporting_into_a_non_empty_directory_is_refused(
    story_store: EventStore, data_dir: Path, tmp_path: Path, eci: Eci
) -> None:
    target = tmp_path / "full"
    target.mkdir()
    (target / "x").write_text("x")
    done: Outcome = eci("audit", "export", "--out", str(target))
    assert done.code != 0
    assert done.err.startswith("eci: error: ")
    assert sorted(p.name for p in target.iterdir()) == ["x"]


def test_cli_export_states_the_witness_and_the_bundle_verifies(
    story_store: EventStore, tmp_path: Path, eci: Eci
) -> None:
    done = eci("audit", "export", "--out", str(tmp_path / "b"), "--json")
    assert done.code == 0, done.err
    summary = json.loads(done.out)
    assert summary["missing_documents"] == []
    code, result = _verify(tmp_path / "b", "--witness", summary["witness"])
    assert code == 0, result


def _tamper_row(data_dir: Path, position: int) -> None:
    with sqlite3.connect(data_dir / "events.sqlite3") as db:
        unguard(db)
        db.execute("UPDATE events SET stream = stream || ' ' WHERE position = ?", (position,))


def test_a_tampered_row_fails_eci_audit_verify_and_the_exported_bundle(
    story_store: EventStore, data_dir: Path, tmp_path: Path, eci: Eci
) -> None:
    assert eci("audit", "verify").code == 0
    _tamper_row(data_dir, 7)
    done = eci("audit", "verify", "--json")
    assert done.code == 1
    live = json.loads(done.out)
    assert (live["position"], live["code"]) == (7, "hash_mismatch")
    assert live["reason"] == "хеш не совпадает с содержимым строки: событие изменено"
    code, result = _verify(_export(story_store, data_dir, tmp_path / "tampered"))
    assert code == 1
    assert (result["position"], result["code"]) == (7, "hash_mismatch")


def test_a_tampered_document_file_fails_eci_audit_verify(
    story_store: EventStore, data_dir: Path, eci: Eci
) -> None:
    stored = sorted(p for p in (data_dir / "documents").rglob("*") if p.is_file())[-1]
    stored.write_bytes(stored.read_bytes() + b" ")
    done = eci("audit", "verify", "--json")
    assert done.code == 1
    verdict = json.loads(done.out)
    assert verdict["code"] == "document_size_mismatch"
    assert verdict["reason"].startswith(f"документ {stored.name} изменён: хранится "), verdict


def test_a_rewritten_history_with_recomputed_hashes_fails_the_witness(
    story_store: EventStore, data_dir: Path, eci: Eci
) -> None:
    witnessed = next(r for r in iter_event_rows(story_store.engine, story_store.dialect) if r.position == 10)
    _rewrite_from(data_dir, 3)
    plain = eci("audit", "verify")
    assert plain.code == 0, plain.out  # the rewriter recomputed every hash: the chain alone looks intact
    done = eci("audit", "verify", "--json", "--witness", f"10:{witnessed.hash}")
    assert done.code == 1
    verdict = json.loads(done.out)
    assert (verdict["position"], verdict["code"]) == (10, "witness_mismatch")
    said = f"свидетельство о позиции 10 не подтверждается: засвидетельствован хеш {witnessed.hash}"
    assert verdict["reason"].startswith(f"{said}, а в цепочке — "), verdict


_COLUMNS = (
    "position, event_id, stream, version, type, schema_version, payload, metadata, occurred_at, recorded_at"
)


def _rewrite_from(data_dir: Path, position: int) -> None:
    """Change one row and recompute the chain after it, as someone controlling the database could."""
    with sqlite3.connect(data_dir / "events.sqlite3") as db:
        unguard(db)
        prev = db.execute("SELECT prev_hash FROM events WHERE position = ?", (position,)).fetchone()[0]
        query = f"SELECT {_COLUMNS} FROM events WHERE position >= ? ORDER BY position"
        for row in db.execute(query, (position,)).fetchall():
            metadata = json.loads(row[7])
            if row[0] == position:
                metadata["actor"] = "auditor"
            metadata_json = canonical_json(metadata)
            digest = chain_hash(prev, canonical_row(
                event_id=row[1], metadata_json=metadata_json, occurred_at=row[8], payload_json=row[6],
                position=row[0], recorded_at=row[9], schema_version=row[5], stream=row[2], type_=row[4],
                version=row[3],
            ))
            db.execute("UPDATE events SET metadata = ?, prev_hash = ?, hash = ? WHERE position = ?",
                       (metadata_json, prev, digest, row[0]))
            prev = digest


def test_any_flipped_byte_of_any_event_line_fails_at_that_line(bundle: Path) -> None:
    path = bundle / "events.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    for index, line in enumerate(lines):
        # a byte somewhere inside each line (never its newline), walking from start to end over the lines
        at_byte = 1 + (index * 7919) % (len(line) - 2)
        changed = line[:at_byte] + bytes([line[at_byte] ^ 1]) + line[at_byte + 1 :]
        path.write_bytes(b"".join(lines[:index] + [changed] + lines[index + 1 :]))
        with pytest.raises(bundle_verifier.Failure) as failure:
            bundle_verifier.verify_events(str(path), {}, {})
        assert failure.value.position == index + 1, (index, at_byte, str(failure.value))
