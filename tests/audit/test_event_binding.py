"""Every event's content is bound to a signature: a database owner who rewrites any field a person signed
(each document's kind, number, date, issuer, title, file name and hash, a comment, a reason, a date), moves
an event to another obligation's stream, or changes an event the worker or an admin sealed, and then
recomputes every hash after it, fails `eci audit verify` and the bundle's verifier at that position."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_invoke import Outcome, run_eci
from fixtures_identity import grant_every_role
from fixtures_temporal import make_terms, start_recorded
from store_tamper import rechain
from test_signed_audit import bundle_verdict, verified

from config.settings import load_settings
from domain.actors import COORDINATOR, Actor
from domain.documents import DocumentDetails, DocumentKind
from domain.obligation.terms import ObligationTerms
from eci import actions

pytestmark = pytest.mark.temporal

Eci = Callable[..., Outcome]
Row = dict[str, Any]


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


@pytest.fixture(scope="module")
def signed_log(worker_process: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log with every kind of signed action, made once through the module's worker as the CLI makes
    them: a submission (with a title and a comment), its return, a second submission and its acceptance
    on one obligation; an extension and a waiver on another. Returns a pristine copy of the store."""
    mp = pytest.MonkeyPatch()
    try:
        for name, value in worker_process.env.items():
            mp.setenv(name, value)
        mp.delenv("ECI_DATABASE_URL", raising=False)
        grant_every_role()
        now = dt.datetime.now(dt.UTC)
        reviewed, extended = make_terms(now, measure=11), make_terms(now, measure=12)
        start_recorded(reviewed, extended)
        asyncio.run(_act(tmp_path_factory.mktemp("signed-log"), reviewed, extended))
        copy = tmp_path_factory.mktemp("pristine") / "events.sqlite3"
        with (
            sqlite3.connect(Path(worker_process.env["ECI_DATA_DIR"]) / "events.sqlite3") as source,
            sqlite3.connect(copy) as target,
        ):
            source.backup(target)
        return copy
    finally:
        mp.undo()


async def _act(folder: Path, reviewed: ObligationTerms, extended: ObligationTerms) -> None:
    settings = load_settings()
    order = folder / "prikaz.pdf"
    order.write_bytes(b"%PDF-1.4 order")
    details = DocumentDetails(
        kind=DocumentKind.ORDER, number="7-п", date=dt.date(2026, 11, 2), issuer="Минздрав",
        title="О ранней помощи",
    )  # fmt: skip
    upload = [actions.DocumentUpload(details=details, path=order)]
    region, oid = Actor.parse(f"region:{reviewed.participant}"), reviewed.obligation_id
    await actions.submit(settings, region, oid, upload, comment="первая редакция")
    await actions.return_submission(settings, COORDINATOR, oid, "нет подписи")
    await actions.submit(settings, region, oid, upload, comment="первая редакция")
    await actions.accept(settings, COORDINATOR, oid, "принято")
    await actions.extend(
        settings, COORDINATOR, extended.obligation_id, dt.date(2030, 12, 30), "по письму региона"
    )
    await actions.waive(settings, COORDINATOR, extended.obligation_id, "не применяется")


@pytest.fixture
def copy(signed_log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the signed log, as the settings' store, for this test alone to alter."""
    data_dir = tmp_path / "copy"
    data_dir.mkdir()
    with sqlite3.connect(signed_log) as source, sqlite3.connect(data_dir / "events.sqlite3") as target:
        source.backup(target)
    monkeypatch.setenv("ECI_DATA_DIR", str(data_dir))
    monkeypatch.delenv("ECI_DATABASE_URL", raising=False)
    return data_dir


def position(data_dir: Path, event_type: str, nth: int = 0) -> int:
    with sqlite3.connect(data_dir / "events.sqlite3") as db:
        rows = db.execute("SELECT position FROM events WHERE type = ? ORDER BY position", (event_type,))
        return int(rows.fetchall()[nth][0])


def document(row: Row) -> dict[str, Any]:
    return row["payload"]["documents"][0]  # type: ignore[no-any-return]


def setter(path: tuple[str, ...], value: Any) -> Callable[[Row], None]:
    def change(row: Row) -> None:
        target = row
        for name in path[:-1]:
            target = target[name] if name != "doc" else document(target)
        target[path[-1]] = value

    return change


DIFFERS = "подписанный запрос расходится с записанным событием"
EVENTS_RU = {
    "DocumentSubmitted": "«документы поданы»",
    "SubmissionReturned": "«возвращено на доработку»",
    "SubmissionAccepted": "«принято»",
    "DeadlineExtended": "«срок продлён»",
    "ObligationWaived": "«освобождено от обязательства»",
}
DOC = "документ 1"
# field: (event, what changes, the signed part as the verdict names it, the signed value, the value written
# instead)
SIGNED_FIELDS: dict[str, tuple[str, tuple[str, ...], str, Any, Any]] = {
    "kind": ("DocumentSubmitted", ("doc", "details", "kind"), f"{DOC}, вид", "order", "resolution"),
    "number": ("DocumentSubmitted", ("doc", "details", "number"), f"{DOC}, номер", "7-п", "8-п"),
    "date": ("DocumentSubmitted", ("doc", "details", "date"), f"{DOC}, дата", "2026-11-02", "2026-11-01"),
    "issuer": ("DocumentSubmitted", ("doc", "details", "issuer"), f"{DOC}, кем выдан", "Минздрав", "Минтруд"),
    "title": ("DocumentSubmitted", ("doc", "details", "title"), f"{DOC}, заголовок", "О ранней помощи", None),
    "file name": (
        "DocumentSubmitted", ("doc", "file", "filename"), f"{DOC}, имя файла", "prikaz.pdf", "x.pdf",
    ),
    "file size": ("DocumentSubmitted", ("doc", "file", "size"), f"{DOC}, размер файла", 14, 15),
    "file hash": ("DocumentSubmitted", ("doc", "file", "sha256"), f"{DOC}, SHA-256 файла", None, "0" * 64),
    "comment": ("DocumentSubmitted", ("payload", "comment"), "комментарий", "первая редакция", "вторая"),
    "return reason": ("SubmissionReturned", ("payload", "reason"), "причина", "нет подписи", "всё верно"),
    "acceptance comment": ("SubmissionAccepted", ("payload", "comment"), "комментарий", "принято", None),
    "due": ("DeadlineExtended", ("payload", "due"), "срок", "2030-12-30", "2031-12-30"),
    "effective due": (
        "DeadlineExtended", ("payload", "effective_due"), "действующий срок", "2030-12-30", "2031-12-30",
    ),
    "extension reason": ("DeadlineExtended", ("payload", "reason"), "причина", "по письму региона", "нет"),
    "waiver reason": ("ObligationWaived", ("payload", "reason"), "причина", "не применяется", "нет"),
}  # fmt: skip


def shown(value: Any) -> str:
    """A value as the verdict quotes it."""
    return "пусто" if value is None else f"«{value}»" if isinstance(value, str) else str(value)


def both_fail_at(eci: Eci, data_dir: Path, tmp_path: Path, at: int, code: str) -> str:
    """Both verifiers fail at position `at`, with `code`, for the same reason, which is returned."""
    live = verified(eci)
    assert (live["ok"], live["position"], live["code"]) == (False, at, code), live
    assert f"Цепочка нарушена на позиции {at}: {live['reason']}" in eci("audit", "verify").out
    assert eci("audit", "export", "--out", tmp_path / "bundle").code == 0
    bundle = bundle_verdict(tmp_path / "bundle")
    assert (bundle["ok"], bundle["position"], bundle["code"]) == (False, at, code)
    assert bundle["reason"] == live["reason"]
    return str(live["reason"])


def test_the_untouched_log_verifies_with_every_event_sealed(eci: Eci, copy: Path, tmp_path: Path) -> None:
    live = verified(eci)
    assert live["ok"], live
    assert live["signatures"] == 6
    assert live["seals"] == live["events"], "nothing in the log is unsealed"
    assert eci("audit", "export", "--out", tmp_path / "bundle").code == 0
    bundle = bundle_verdict(tmp_path / "bundle")
    assert (bundle["ok"], bundle["signatures"], bundle["seals"]) == (True, 6, live["events"])


@pytest.mark.parametrize("field", sorted(SIGNED_FIELDS))
def test_a_rechained_rewrite_of_a_signed_field_fails_both_verifiers_at_its_position(
    eci: Eci, copy: Path, tmp_path: Path, field: str
) -> None:
    event_type, where, signed_part, signed, written = SIGNED_FIELDS[field]
    at = position(copy, event_type)
    rechain(copy / "events.sqlite3", at, setter(where, written))
    reason = both_fail_at(eci, copy, tmp_path, at, "signed_text_mismatch")
    prefix = f"{DIFFERS} {EVENTS_RU[event_type]}: {signed_part}: подписано "
    assert reason.startswith(prefix), reason
    assert reason.endswith(f", в событии — {shown(written)}"), reason
    if signed is not None:  # (a file's hash is whatever the file's bytes hash to)
        assert reason == f"{prefix}{shown(signed)}, в событии — {shown(written)}"


def test_an_event_moved_to_another_obligations_stream_fails_both_verifiers(
    eci: Eci, copy: Path, tmp_path: Path
) -> None:
    at = position(copy, "SubmissionAccepted")
    elsewhere = "obligation/2099/11/77"

    def move(row: Row) -> None:
        row["stream"] = elsewhere

    rechain(copy / "events.sqlite3", at, move)
    reason = both_fail_at(eci, copy, tmp_path, at, "stream_mismatch")
    assert reason.startswith("событие обязательства "), reason
    assert reason.endswith(" записано в поток обязательства 2099/11/77"), reason


def test_an_event_moved_with_its_obligation_id_fails_on_the_signed_obligation(
    eci: Eci, copy: Path, tmp_path: Path
) -> None:
    at = position(copy, "SubmissionAccepted")

    def move(row: Row) -> None:
        row["stream"], row["payload"]["obligation_id"] = "obligation/2099/11/77", "2099/11/77"

    rechain(copy / "events.sqlite3", at, move)
    reason = both_fail_at(eci, copy, tmp_path, at, "signed_text_mismatch")
    assert reason.startswith(f"{DIFFERS} «принято»: обязательство: подписано «"), reason
    assert reason.endswith("», в событии — «2099/11/77»"), reason


@pytest.mark.parametrize(
    ("event_type", "change"),
    [
        ("ObligationOpened", setter(("payload", "due"), "2099-01-01")),
        ("ObligationClosed", setter(("payload", "final_state"), "waived")),  # it was accepted
        ("UserAdded", setter(("payload", "roles"), ["admin", "coordinator", "region:77"])),
        ("UserKeyRegistered", setter(("metadata", "cause"), "users key init")),
    ],
)
def test_a_rechained_rewrite_of_a_sealed_event_fails_both_verifiers_at_its_position(
    eci: Eci, copy: Path, tmp_path: Path, event_type: str, change: Callable[[Row], None]
) -> None:
    at = position(copy, event_type)
    rechain(copy / "events.sqlite3", at, change)
    reason = both_fail_at(eci, copy, tmp_path, at, "seal_invalid")
    assert reason.startswith("печать пользователя "), reason
    assert " не покрывает это событие: оно изменено после записи, или печать поддельная" in reason


def test_a_signature_used_twice_is_flagged(eci: Eci, copy: Path, tmp_path: Path) -> None:
    """The second submission re-signed with the first one's action id (as a replay would carry it)."""
    first, second = position(copy, "DocumentSubmitted"), position(copy, "DocumentSubmitted", 1)
    with sqlite3.connect(copy / "events.sqlite3") as db:
        stored = db.execute("SELECT metadata FROM events WHERE position = ?", (first,)).fetchone()[0]
    original = json.loads(stored)["signature"]

    def replay(row: Row) -> None:
        row["metadata"]["signature"] = original

    rechain(copy / "events.sqlite3", second, replay)
    reason = both_fail_at(eci, copy, tmp_path, second, "signed_text_mismatch")
    # The copied text names the first event's version, so the rebuilt text differs before the reuse shows.
    assert reason.startswith(f"{DIFFERS} «документы поданы»: версия обязательства до действия: подписано ")


def test_a_log_that_extends_a_verified_checkpoint_is_checked_again_only_after_it(
    eci: Eci, copy: Path, tmp_path: Path
) -> None:
    kept = tmp_path / "verified.json"
    assert eci("audit", "checkpoint", "--out", kept).code == 0
    size = json.loads(kept.read_text())["checkpoint"]["size"]
    grant_every_role()  # an admin's change after the checkpoint: a sealed event to check
    after = position(copy, "UserAdded", -1)
    assert after > size
    result = eci("audit", "verify", "--verified", kept, "--json")
    verdict = json.loads(result.out)
    assert (result.code, verdict["ok"], verdict["trusted_through"]) == (0, True, size), result.err
    assert verdict["seals"] < verdict["events"]  # the seals of the first `size` were not checked again
    text = eci("audit", "verify", "--verified", kept).out
    assert f"Печати и подписи первых {size} событий не проверялись повторно" in text

    rechain(copy / "events.sqlite3", after, setter(("payload", "roles"), ["admin"]))
    verdict = json.loads(eci("audit", "verify", "--verified", kept, "--json").out)
    assert (verdict["ok"], verdict["position"], verdict["code"]) == (False, after, "seal_invalid")


def test_a_rewrite_before_a_verified_checkpoint_fails_though_its_seal_is_not_checked_again(
    eci: Eci, copy: Path, tmp_path: Path
) -> None:
    kept = tmp_path / "verified.json"
    assert eci("audit", "checkpoint", "--out", kept).code == 0
    at = position(copy, "ObligationOpened")
    rechain(copy / "events.sqlite3", at, setter(("payload", "due"), "2099-01-01"))
    result = eci("audit", "verify", "--verified", kept, "--json")
    verdict = json.loads(result.out)
    assert (result.code, verdict["ok"], verdict["code"]) == (1, False, "checkpoint_not_extended"), verdict
