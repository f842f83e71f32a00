"""The coordinator decides quarantined mail (release to an obligation, or drop), and a crash mid-way
leaves exactly one submission and one receipt."""

from __future__ import annotations

import asyncio
import json

import pytest
from cli_invoke import run_eci
from fixtures_intake import fresh_obligation, open_obligations, receipts_in, reply

from config.settings import load_settings
from domain.intake.record import IntakeOutcome
from domain.obligation.id import ObligationId
from eci.intake.ledger import IntakeLedger
from eci.intake.pipeline import Intake


def _submitted(intake: Intake, oid: str) -> int:
    stream = intake.store.read_stream(ObligationId.parse(oid).workflow_id)
    return sum(1 for r in stream if r.type == "DocumentSubmitted")


async def test_quarantine_lists_release_submits_and_drop_closes(
    intake, receipts, capsys, monkeypatch
) -> None:
    oid, other = fresh_obligation(), fresh_obligation()
    await open_obligations(oid, other)
    held = await intake.receive(reply(oid, text="Документ во вложении, реквизиты ниже не заполнены."), [])
    spam = await intake.receive(reply(other, attachments=()), [])

    def eci(*args: str):
        return run_eci(list(args), capsys, monkeypatch)

    listed = await asyncio.to_thread(eci, "intake", "quarantine", "--json")
    assert listed.code == 0, listed.err
    rows = json.loads(listed.out)
    assert {r["id"] for r in rows} == {held.short_id, spam.short_id}
    assert set(rows[0]) >= {"message_id", "received_at", "from", "obligation", "outcome", "reason"}
    assert {r["outcome"] for r in rows} == {"quarantined"}

    refused = await asyncio.to_thread(eci, "intake", "release", held.short_id, "--as", "region:12")
    assert refused.code == 2
    assert "Решать судьбу писем из карантина может только координатор" in refused.err
    typed = ("--kind", "приказ", "--number", "12-п", "--date", "2026-02-10", "--issuer", "Минсоц")
    released = await asyncio.to_thread(eci, "intake", "release", held.short_id, *typed)
    assert released.code == 0, released.err
    assert _submitted(intake, oid) == 1
    dropped = await asyncio.to_thread(eci, "intake", "drop", spam.short_id, "--reason", "пустое письмо")
    assert dropped.code == 0, dropped.err
    again = await asyncio.to_thread(eci, "intake", "drop", spam.short_id, "--reason", "ещё раз")
    assert again.code == 2
    assert "уже не ждёт решения" in again.err

    outcomes = {
        r["id"]: r["outcome"]
        for r in json.loads((await asyncio.to_thread(eci, "intake", "list", "--json")).out)
    }
    assert outcomes == {held.short_id: "released", spam.short_id: "dropped"}
    assert json.loads((await asyncio.to_thread(eci, "intake", "quarantine", "--json")).out) == []
    history = intake.store.read_stream(f"intake/{held.sha256}")
    assert history[-1].metadata.actor == "coordinator"


@pytest.mark.parametrize("crash_at", ["outcome", "receipt"])
async def test_a_crash_mid_processing_ends_in_one_submission_and_one_receipt(
    intake_env, running_worker, receipts, monkeypatch, crash_at: str
) -> None:
    oid = fresh_obligation()
    await open_obligations(oid)
    original = IntakeLedger.record

    def killed(self, sha256, step, event, *args, **kwargs):
        if step == crash_at:
            raise SystemExit("killed")  # the process dies here: after the update, before the record
        return original(self, sha256, step, event, *args, **kwargs)

    first = Intake(load_settings())
    monkeypatch.setattr(IntakeLedger, "record", killed)
    with pytest.raises(SystemExit):
        await first.receive(reply(oid), [])
    await first.aclose()
    monkeypatch.setattr(IntakeLedger, "record", original)

    restarted = Intake(load_settings())
    try:
        assert await restarted.resume() == 1
        [record] = restarted.ledger.all()
        assert record.outcome is IntakeOutcome.SUBMITTED
        assert record.receipt_sent
        assert _submitted(restarted, oid) == 1
        assert await restarted.resume() == 0
    finally:
        await restarted.aclose()
    assert len(receipts_in(receipts)) == 1
