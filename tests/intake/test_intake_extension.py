"""A reply to an overdue notice with «Причина» and «Новый срок» and no document waits in the
coordinator's queue; `eci intake grant` moves the due date through the workflow (signed by the
coordinator), `eci intake decline` mails the reason back. And the coordinator may drop or release a
message left without an outcome, once no attempt is running on it."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid

from cli_invoke import run_eci
from fixtures_intake import OFFICIAL, fresh_obligation, open_obligations, receipts_in, reply

from domain.actors import Actor
from domain.eventing.metadata import EventMetadata
from domain.intake.events import IntakeChannel, IntakeMailReceived, intake_stream
from domain.intake.record import IntakeOutcome
from domain.obligation.events import DeadlineExtended
from domain.obligation.id import ObligationId
from domain.obligation.plan import obligations_for_cycle
from domain.obligation.start import terms_for
from store.records import NewEvent


def _asking(oid: str, days: int = 45, reason: str = "документ на согласовании в правительстве") -> bytes:
    wanted = ObligationId.parse(oid)
    [obligation] = [o for o in obligations_for_cycle(wanted.cycle, region="12") if o.id == wanted]
    until = terms_for(obligation).deadline.due + dt.timedelta(days=days)
    text = f"> Причина: …\n> Новый срок: …\nПричина: {reason}\nНовый срок: {until:%d.%m.%Y}\n"
    return reply(oid, text=text, attachments=())


async def test_a_request_for_a_new_date_is_queued_then_granted_through_the_workflow(
    intake, receipts, capsys, monkeypatch
) -> None:
    oid, other = fresh_obligation(), fresh_obligation()
    await open_obligations(oid, other)
    asked = await intake.receive(_asking(oid), [])
    assert asked.outcome is IntakeOutcome.EXTENSION_REQUESTED
    [receipt] = receipts_in(receipts)
    assert "передана федеральному координатору" in receipt.get_body(("plain",)).get_content()

    def eci(*args: str):
        return run_eci(list(args), capsys, monkeypatch)

    listed = json.loads((await asyncio.to_thread(eci, "intake", "list", "--json")).out)
    [row] = [r for r in listed if r["id"] == asked.short_id]
    assert row["outcome"] == "extension_requested"
    assert row["until"] == asked.extension_until.isoformat()
    assert row["obligation"] == oid
    queued = json.loads((await asyncio.to_thread(eci, "intake", "quarantine", "--json")).out)
    assert asked.short_id in {r["id"] for r in queued}, "the request waits in the coordinator's queue"

    refused = await asyncio.to_thread(eci, "intake", "grant", asked.short_id, "--as", "region:12")
    assert refused.code == 2
    granted = await asyncio.to_thread(eci, "intake", "grant", asked.short_id)
    assert granted.code == 0, granted.err
    [extended] = [
        r
        for r in intake.store.read_stream(ObligationId.parse(oid).workflow_id)
        if r.type == "DeadlineExtended"
    ]
    assert isinstance(extended.event, DeadlineExtended)
    assert extended.event.due == asked.extension_until
    assert extended.metadata.actor == "coordinator"
    assert extended.metadata.signature is not None, "signed by the coordinator, as eci extend is"
    assert intake.ledger.get(asked.sha256).outcome is IntakeOutcome.EXTENSION_GRANTED

    declined_ask = await intake.receive(_asking(other), [])
    no = await asyncio.to_thread(
        eci, "intake", "decline", declined_ask.short_id, "--reason", "срок уже переносился"
    )
    assert no.code == 0, no.err
    assert intake.ledger.get(declined_ask.sha256).outcome is IntakeOutcome.EXTENSION_DECLINED
    answers = [m for m in receipts_in(receipts) if m["Subject"].startswith("Перенос срока не согласован")]
    [answer] = answers
    assert answer["To"].addresses[0].addr_spec == OFFICIAL
    assert "срок уже переносился" in answer.get_body(("plain",)).get_content()
    assert not [r for r in intake.store.read_stream(ObligationId.parse(other).workflow_id)
                if r.type == "DeadlineExtended"]  # fmt: skip


async def test_a_request_for_a_date_not_later_than_the_due_date_is_quarantined(intake, receipts) -> None:
    oid = fresh_obligation()
    await open_obligations(oid)
    record = await intake.receive(_asking(oid, days=-400), [])
    assert record.outcome is IntakeOutcome.QUARANTINED
    assert "должен быть позже" in (record.reason or "")


def _stuck(intake, age_s: float) -> str:
    """A message received `age_s` ago whose attempt never ended (its process died)."""
    raw = reply(fresh_obligation())
    sha = intake.files.put(raw, "message.eml", "message/rfc822").sha256
    event = IntakeMailReceived(
        obligation_id=intake_stream(sha), message_id="<stuck@mari.example>", sha256=sha, size=len(raw),
        sender=OFFICIAL, channel=IntakeChannel.SMTP,
    )  # fmt: skip
    at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=age_s)
    metadata = EventMetadata.for_actor(Actor.parse("system"))
    intake.store.append(intake_stream(sha), [NewEvent(event, uuid.uuid4(), metadata, at)])
    return sha[:12]


async def test_a_message_without_an_outcome_is_dropped_once_no_attempt_runs_on_it(
    intake, receipts, capsys, monkeypatch
) -> None:
    busy, idle = _stuck(intake, age_s=5), _stuck(intake, age_s=3600)
    refused = await asyncio.to_thread(
        run_eci, ["intake", "drop", busy, "--reason", "спам"], capsys, monkeypatch
    )
    assert refused.code == 2
    assert "сейчас обрабатывается" in refused.err
    dropped = await asyncio.to_thread(
        run_eci, ["intake", "drop", idle, "--reason", "спам"], capsys, monkeypatch
    )
    assert dropped.code == 0, dropped.err
    assert intake.ledger.find(idle).outcome is IntakeOutcome.DROPPED
    assert await intake.resume() == 1, "the dropped one is retried no more; the busy one is taken up"
