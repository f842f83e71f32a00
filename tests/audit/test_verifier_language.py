"""Every failure the audit verifiers name reads in Russian: the bundle's verifier (run as shipped, alone in a
bundle folder) and `eci audit verify`'s checks of the live store, for every kind of failure each reports.
Latin letters are allowed only in file names, logins, hashes, key ids and the names of formats and
packages; each kind has its stable English code, and a code no case here provokes fails the test."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from receipt_language import latin_words
from signed_rows import (
    ADMIN,
    COORDINATOR,
    OBLIGATION,
    OUTSIDER,
    Key,
    Row,
    SignedLog,
    at,
    event,
    seal,
    signed_v1,
    signed_v2,
    tx_sealed,
    write_bundle,
)  # fmt: skip
from sqlalchemy import text
from store_events import new, opened, reminder
from store_tamper import unguard

from domain.errors import DomainError
from domain.eventing.registry import event_types
from reports.audit_export import VERIFIER_NAME
from reports.bundle_problems import CODES, EVENT_NAMES, NOT_CHECKED
from reports.bundle_verifier import FAILURE_CODES, HASHED_FIELDS, USAGE
from reports.checkpoint_check import RootsAt, _holds, read_checkpoint_file
from reports.document_check import check_documents
from reports.witness import Witness, check_witness
from store.event_store import EventStore
from store.verify import verify_chain

LOGINS = (ADMIN, COORDINATOR, OUTSIDER)
# A row's fields, named as the file has them where one is missing (longest first: `hash` ends `prev_hash`).
FIELDS = (*sorted((*HASHED_FIELDS, "prev_hash", "signed_at"), key=len, reverse=True), "hash")
Case = Callable[[SignedLog], list[Row]]


def numbered(*rows: Row) -> list[Row]:
    for n, row in enumerate(rows, start=1):
        row["position"] = n
    return list(rows)


def accepted_signed(log: SignedLog, minute: int = 5, action: str = "a1", version: int = 2) -> Row:
    return signed_v2(log.accepted(minute, version), log.coordinator, action, minute)


def sealed(row: Row, log: SignedLog) -> Row:
    return seal(row, log.coordinator)


def revoked(log: SignedLog, minute: int) -> Row:
    payload = {"login": COORDINATOR, "key_id": log.coordinator.key_id, "revoked_at": at(minute)}
    return seal(event("UserKeyRevoked", f"users/{COORDINATOR}", payload, minute), log.admin)


def changed(row: Row, where: str, name: str, value: Any) -> Row:
    row[where][name] = value
    return row


def submitted(log: SignedLog, minute: int) -> Row:
    document = {
        "details": {
            "kind": "order",
            "number": "7-п",
            "date": "2026-11-02",
            "issuer": "Минздрав",
            "title": None,
        },
        "file": {"sha256": "ab" * 32, "size": 14, "media_type": "application/pdf", "filename": "prikaz.pdf"},
    }
    row = event("DocumentSubmitted", f"obligation/{OBLIGATION}",
                {"obligation_id": OBLIGATION, "documents": [document], "milestone": None, "comment": None},
                minute, actor="coordinator", login=COORDINATOR)  # fmt: skip
    return signed_v2(row, log.coordinator, "d1", minute)


def flipped(row: Row) -> Row:
    value = row["metadata"]["signature"]["value"]
    row["metadata"]["signature"]["value"] = ("B" if value[0] == "A" else "A") + value[1:]
    return row


def without_signed_at(row: Row) -> Row:
    del row["metadata"]["signature"]["signed_at"]
    return row


def with_number(row: Row, number: str) -> Row:
    row["payload"]["documents"][0]["details"]["number"] = number
    return row


def resealed_as(row: Row, login: str) -> Row:
    """The seal claims another login (which it does not cover: a seal is over the rest of the row)."""
    row["metadata"]["seal"]["login"] = login
    return row


def moved(row: Row) -> Row:
    row["stream"] = "obligation/2099/11/77"
    return row


# name: (the code, the rows, the verifier's arguments)
SIGNATURE_CASES: dict[str, tuple[str, Case, tuple[str, ...]]] = {
    "no founder": ("founder_missing", lambda log: numbered(log.opened(5)), ("--founder", "ab" * 32)),
    "another founder": ("founder_mismatch", lambda log: log.then(), ("--founder", "0" * 64)),
    "unsealed": ("unsealed_after_sealing", lambda log: log.then(log.opened(5)), ()),
    "transaction seals overlapping": (
        "seal_overlap",
        lambda log: log.then(
            tx_sealed(log.opened(5), log.coordinator), tx_sealed(log.opened(6), log.coordinator, span=2)
        ),
        (),
    ),
    "a transaction seal out of its session's order": (
        "seal_chain_broken",
        lambda log: log.then(
            tx_sealed(log.opened(5), log.coordinator), tx_sealed(log.opened(6), log.coordinator, seq=5)
        ),
        (),
    ),
    "unsealed after a transaction seal": (
        "unsealed_after_sealing",
        lambda log: log.then(tx_sealed(log.opened(5), log.coordinator), log.opened(6)),
        (),
    ),
    "changed under a transaction seal": (
        "seal_invalid",
        lambda log: log.then(
            tx_sealed(log.opened(5), log.coordinator),
            tx_sealed(log.opened(6), log.coordinator, value=log.coordinator.sign("x")),
        ),
        (),
    ),
    "changed after sealing": (
        "seal_invalid",
        lambda log: log.then(changed(sealed(log.opened(5), log), "payload", "obligation_id", "2023/05/78")),
        (),
    ),
    "sealed by an unknown key": ("key_unknown", lambda log: log.then(seal(log.opened(5), Key(OUTSIDER))), ()),
    "sealed with another's key": (
        "key_login_mismatch",
        lambda log: log.then(resealed_as(sealed(log.opened(5), log), OUTSIDER)),
        (),
    ),
    "sealed before the key": ("key_not_live", lambda log: log.then(sealed(log.opened(2), log)), ()),
    "sealed after revocation": (
        "key_revoked",
        lambda log: log.then(revoked(log, 5), sealed(log.opened(6), log)),
        (),
    ),
    "user added by a coordinator": (
        "sealer_not_admin",
        lambda log: log.then(
            sealed(event("UserAdded", f"users/{OUTSIDER}", {"login": OUTSIDER, "roles": ["admin"]}, 5), log)
        ),
        (),
    ),
    "unsigned action": (
        "unsigned_after_signing",
        lambda log: log.then(sealed(accepted_signed(log), log), sealed(log.accepted(6, version=3), log)),
        (),
    ),
    "signed by an unknown key": (
        "key_unknown",
        lambda log: log.then(sealed(signed_v2(log.accepted(5), Key(COORDINATOR), "a1", 5), log)),
        (),
    ),
    "signed with another's key": (
        "key_login_mismatch",
        lambda log: log.then(sealed(signed_v2(log.accepted(5), log.admin, "a1", 5), log)),
        (),
    ),
    "signed before the key": (
        "key_not_live",
        lambda log: log.then(sealed(signed_v2(log.accepted(5), log.coordinator, "a1", 2), log)),
        (),
    ),
    "signed after revocation": (
        "key_revoked",
        lambda log: log.then(revoked(log, 5), sealed(accepted_signed(log, 6), log)),
        (),
    ),
    "signature altered": (
        "signature_invalid",
        lambda log: log.then(sealed(flipped(accepted_signed(log)), log)),
        (),
    ),
    "signature used twice": (
        "signature_reused",
        lambda log: log.then(
            sealed(accepted_signed(log), log), sealed(accepted_signed(log, 6, "a1", 3), log)
        ),
        (),
    ),
    "moved to another obligation": (
        "stream_mismatch",
        lambda log: log.then(sealed(signed_v2(moved(log.accepted(5)), log.coordinator, "a1", 5), log)),
        (),
    ),
    "comment changed after signing": (
        "signed_text_mismatch",
        lambda log: log.then(sealed(changed(accepted_signed(log), "payload", "comment", "изменено"), log)),
        (),
    ),
    "document number changed after signing": (
        "signed_text_mismatch",
        lambda log: log.then(sealed(with_number(submitted(log, 5), "8-п"), log)),
        (),
    ),
    "version 1 text of another login": (
        "signed_text_mismatch",
        lambda log: log.then(sealed(signed_v1(log.accepted(5), log.coordinator, 5, login=OUTSIDER), log)),
        (),
    ),
    "version 1 text of another reason": (
        "signed_text_mismatch",
        lambda log: log.then(
            sealed(signed_v1(log.accepted(5), log.coordinator, 5, fields={"reason": "нет"}), log)
        ),
        (),
    ),
    "version 1 text of another time": (
        "signed_time_mismatch",
        lambda log: log.then(sealed(signed_v1(log.accepted(5), log.coordinator, 5, at=at(7)), log)),
        (),
    ),
    "signature without its time": (
        "signature_malformed",
        lambda log: log.then(sealed(without_signed_at(accepted_signed(log)), log)),
        (),
    ),
}


def document_row(log: SignedLog, sha256: str, size: int) -> Row:
    payload = {"obligation_id": OBLIGATION, "file": {"sha256": sha256, "size": size}}
    return sealed(event("ObligationOpened", f"obligation/{OBLIGATION}", payload, 5), log)


DOC = b"%PDF-1.4 order"
DOC_SHA = hashlib.sha256(DOC).hexdigest()


def line(bundle: Path, n: int, change: Callable[[dict[str, Any]], Any]) -> None:
    """Change line `n` of events.jsonl (parsed, or replaced by what `change` returns)."""
    lines = (bundle / "events.jsonl").read_bytes().splitlines()
    row = json.loads(lines[n - 1])
    result = change(row)
    lines[n - 1] = result if isinstance(result, bytes) else json.dumps(row, ensure_ascii=False).encode()
    lines = [raw for raw in lines if raw]  # an empty result removes the line
    (bundle / "events.jsonl").write_bytes(b"\n".join(lines) + b"\n")


def put_document(bundle: Path, name: str, content: bytes) -> None:
    (bundle / "documents" / name).write_bytes(content)


# name: (the code, the rows, a change to the written bundle, the verifier's arguments)
Tamper = Callable[[Path], Any]
BUNDLE_CASES: dict[str, tuple[str, Case, Tamper, tuple[str, ...]]] = {
    "a line not JSON": ("row_malformed", SignedLog.then, lambda b: line(b, 2, lambda r: b"{not json"), ()),
    "a line not UTF-8": ("row_malformed", SignedLog.then, lambda b: line(b, 2, lambda r: b"\xff\xfe"), ()),
    "a line not an object": ("row_malformed", SignedLog.then, lambda b: line(b, 2, lambda r: b"[2]"), ()),
    "a line without fields": (
        "row_incomplete",
        SignedLog.then,
        lambda b: line(b, 2, lambda r: b'{"position": 2}'),
        (),
    ),
    "a line removed": ("position_gap", SignedLog.then, lambda b: line(b, 2, lambda r: b""), ()),
    "a link changed": (
        "prev_hash_mismatch",
        SignedLog.then,
        lambda b: line(b, 2, lambda r: r.update(prev_hash="0" * 64)),
        (),
    ),
    "a row changed": (
        "hash_mismatch",
        SignedLog.then,
        lambda b: line(b, 2, lambda r: r.update(stream="users/x")),
        (),
    ),
    "head.json not JSON": ("head_malformed", SignedLog.then, lambda b: (b / "head.json").write_text("x"), ()),
    "head.json elsewhere": (
        "head_mismatch",
        SignedLog.then,
        lambda b: (b / "head.json").write_text(json.dumps({"position": 1, "hash": "0" * 64})),
        (),
    ),
    "a witness mistyped": ("witness_malformed", SignedLog.then, lambda b: None, ("--witness", "3:abc")),
    "a witness past the head": (
        "witness_position_missing",
        SignedLog.then,
        lambda b: None,
        ("--witness", f"99:{'0' * 64}"),
    ),
    "a witness of another chain": (
        "witness_mismatch",
        SignedLog.then,
        lambda b: None,
        ("--witness", f"2:{'0' * 64}"),
    ),
    "a document altered": (
        "document_altered",
        SignedLog.then,
        lambda b: put_document(b, DOC_SHA, DOC + b" "),
        (),
    ),
    "a document of another size": (
        "document_size_mismatch",
        lambda log: log.then(document_row(log, DOC_SHA, len(DOC) + 1)),
        lambda b: put_document(b, DOC_SHA, DOC),
        (),
    ),
    "a document missing": (
        "document_missing",
        lambda log: log.then(document_row(log, DOC_SHA, len(DOC))),
        lambda b: None,
        (),
    ),
    "events.jsonl missing": ("file_unreadable", SignedLog.then, lambda b: (b / "events.jsonl").unlink(), ()),
}


def run_shipped(bundle: Path, *args: str) -> tuple[int, str]:
    """The bundle's verifier as an auditor runs it: the project's interpreter (with `cryptography`),
    isolated from the project, from the bundle folder alone."""
    done = subprocess.run(
        [sys.executable, "-I", str(bundle / VERIFIER_NAME), str(bundle), *args],
        capture_output=True, text=True, timeout=60, check=False, cwd=bundle,
    )  # fmt: skip
    assert done.stderr == "", done.stderr
    return done.returncode, done.stdout


def russian(text: str, *allowed: str) -> None:
    assert latin_words(text, (*allowed, *LOGINS)) == [], text  # paths first: a login may be in one


def failed_alike(bundle: Path, args: tuple[str, ...], code: str) -> dict[str, Any]:
    """The verdict in JSON carries `code`; the text says the same reason, in Russian."""
    exit_code, out = run_shipped(bundle, *args, "--json")
    verdict: dict[str, Any] = json.loads(out)
    assert (exit_code, verdict["ok"], verdict["code"]) == (1, False, code), verdict
    exit_code, plain = run_shipped(bundle, *args)
    where = f" на позиции {verdict['position']}" if verdict["position"] is not None else ""
    assert (exit_code, plain) == (1, f"ПРОВЕРКА НЕ ПРОЙДЕНА{where}: {verdict['reason']}\n")
    russian(plain, f"{bundle}/", *FIELDS, *(args[1:] if args[:1] == ("--witness",) else ()))
    return verdict


@pytest.fixture(scope="module")
def log() -> SignedLog:
    return SignedLog()


def test_the_untouched_hand_made_log_verifies_and_says_so_in_russian(log: SignedLog, tmp_path: Path) -> None:
    bundle = write_bundle(tmp_path / "bundle", log.then(sealed(accepted_signed(log), log)))
    exit_code, plain = run_shipped(bundle)
    assert exit_code == 0, plain
    assert plain.startswith("Выгрузка цела: событий 5, последняя позиция 5, хеш "), plain
    assert "подписей действий 1; печатей 5" in plain
    assert f"Первый администратор: {ADMIN}, ключ {log.admin.fingerprint}" in plain
    russian(plain)
    hidden = "import sys, runpy; sys.modules['cryptography'] = None; sys.argv = sys.argv[1:]; "
    bare = subprocess.run(
        [sys.executable, "-I", "-c", hidden + "runpy.run_path(sys.argv[0], run_name='__main__')",
         str(bundle / VERIFIER_NAME), str(bundle)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert bare.returncode == 0, bare.stdout + bare.stderr
    assert bare.stdout.endswith(f"\n{NOT_CHECKED}\n")
    russian(bare.stdout, "cryptography")
    help_text = run_shipped(bundle, "--help")[1]
    assert help_text == USAGE + "\n"
    russian(help_text, "eci", "[--witness", "[--founder", "[--json]")


@pytest.mark.parametrize("case", sorted(SIGNATURE_CASES))
def test_every_seal_and_signature_failure_of_the_bundle_reads_in_russian_with_its_code(
    log: SignedLog, tmp_path: Path, case: str
) -> None:
    code, rows, args = SIGNATURE_CASES[case]
    bundle = write_bundle(tmp_path / "bundle", rows(log))
    verdict = failed_alike(bundle, args, code)
    assert verdict["position"] == len(rows(log)) or code == "founder_mismatch", verdict


@pytest.mark.parametrize("case", sorted(BUNDLE_CASES))
def test_every_failure_of_the_bundle_itself_reads_in_russian_with_its_code(
    log: SignedLog, tmp_path: Path, case: str
) -> None:
    code, rows, tamper, args = BUNDLE_CASES[case]
    bundle = write_bundle(tmp_path / "bundle", rows(log))
    tamper(bundle)
    failed_alike(bundle, args, code)


def test_every_code_of_the_bundle_verifier_is_provoked_here() -> None:
    assert {c for c, _, _ in SIGNATURE_CASES.values()} == set(CODES)
    assert {c for c, _, _, _ in BUNDLE_CASES.values()} == set(FAILURE_CODES)


def test_a_signed_field_changed_is_named_in_russian_with_both_values(log: SignedLog, tmp_path: Path) -> None:
    bundle = write_bundle(tmp_path / "bundle", log.then(sealed(with_number(submitted(log, 5), "8-п"), log)))
    verdict = failed_alike(bundle, (), "signed_text_mismatch")
    assert verdict["reason"] == (
        "подписанный запрос расходится с записанным событием «документы поданы»: документ 1, номер: "
        "подписано «7-п», в событии — «8-п»"
    )


def test_every_event_type_has_a_russian_name_for_the_verdicts() -> None:
    assert set(EVENT_NAMES) == set(event_types())
    for name in EVENT_NAMES.values():
        russian(name)


# --- the live store (`eci audit verify`) ------------------------------------------------------------------


def _tampered(url: str, statement: str) -> EventStore:
    store = EventStore.open(url)
    store.append("obligation/2023/05/77", [new(opened()), new(reminder()), new(reminder(days=14))])
    with store.engine.begin() as conn:
        unguard(conn)
        conn.execute(text(statement))
    return store


@pytest.mark.parametrize(
    ("statement", "code"),
    [
        ("DELETE FROM events WHERE position = 2", "position_gap"),
        ("UPDATE events SET prev_hash = hash WHERE position = 2", "prev_hash_mismatch"),
        ("UPDATE events SET stream = stream || 'x' WHERE position = 2", "hash_mismatch"),
        ("UPDATE events SET stream = X'ff' WHERE position = 2", "row_unreadable"),
        ("DELETE FROM events WHERE position = 3", "tail_missing"),
    ],
)
def test_every_failure_of_the_live_chain_reads_in_russian_with_its_code(
    sqlite_url: str, statement: str, code: str
) -> None:
    store = _tampered(sqlite_url, statement)
    try:
        report = verify_chain(store.engine, store.dialect)
    finally:
        store.close()
    assert (report.ok, report.code) == (False, code), report
    assert report.public()["code"] == code
    russian(str(report.reason))


def test_the_live_witness_document_and_checkpoint_failures_read_in_russian(
    story_store: EventStore, data_dir: Path, tmp_path: Path
) -> None:
    engine, dialect = story_store.engine, story_store.dialect
    reasons = {}
    for witness, code in (
        (Witness(999, "0" * 64), "witness_position_missing"),
        (Witness(2, "0" * 64), "witness_mismatch"),
    ):
        check = check_witness(engine, dialect, witness)
        assert (check.ok, check.code) == (False, code)
        reasons[code] = check.reason
    with pytest.raises(DomainError) as mistyped:
        Witness.parse("2:abc")
    reasons[mistyped.value.code] = str(mistyped.value).replace("«2:abc»", "«…»")  # the input, as typed

    files = sorted(p for p in (data_dir / "documents").rglob("*") if p.is_file())
    files[0].write_bytes(files[0].read_bytes() + b" ")
    files[1].write_bytes(bytes([files[1].read_bytes()[0] ^ 1]) + files[1].read_bytes()[1:])
    files[2].unlink()
    for problem in check_documents(engine, dialect, data_dir / "documents"):
        reasons[problem.code] = problem.reason
    assert {"document_size_mismatch", "document_altered", "document_missing"} <= set(reasons)

    roots = RootsAt({3})
    for _ in range(3):
        roots("0" * 64)
    for failure in (
        _holds(roots, 3, 5, b"x", "checkpoint-5.json"),
        _holds(roots, 3, 3, b"x", "checkpoint-3.json"),
    ):
        assert failure is not None
        reasons[failure[0]] = failure[1]
    for content, name in ((b"{", "bad.json"), (b'{"origin": "x"}', "other.json"), (None, "absent.json")):
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        with pytest.raises(DomainError) as refused:
            read_checkpoint_file(path)
        reasons[refused.value.code] = str(refused.value)
    assert {"checkpoint_truncated", "checkpoint_not_extended", "checkpoint_file_malformed",
            "checkpoint_file_invalid", "checkpoint_file_unreadable"} <= set(reasons)  # fmt: skip
    for reason in reasons.values():
        russian(str(reason), f"{tmp_path}/")
