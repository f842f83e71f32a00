"""The real SMTP path: a region's mail client sends its reply to the embedded sink, which hands it to the
intake's listener; the obligation goes to review and the receipt arrives in the official's mailbox."""

from __future__ import annotations

import asyncio
import time

import aiosmtplib
import pytest
from fixtures_intake import INTAKE_ADDRESS, OFFICIAL, fresh_obligation, open_obligations, receipts_in, reply

from config.settings import load_settings
from demo.sample_pdf import sample_pdf
from domain.obligation.id import ObligationId
from eci.intake.server import start_intake_thread
from notifications.sink import IntakeRoute, free_port, start_maildir_sink
from store.event_store import EventStore


async def _until(predicate, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("the reply was never processed")
        await asyncio.sleep(0.05)


async def test_a_reply_sent_by_smtp_reaches_review_and_a_receipt_comes_back(
    intake_env, running_worker, receipts, tmp_path
) -> None:
    settings = load_settings()
    oid = fresh_obligation()
    await open_obligations(oid)
    listener = await asyncio.to_thread(start_intake_thread, settings)
    route = IntakeRoute(INTAKE_ADDRESS, settings.intake_host, settings.intake_port)
    sink = start_maildir_sink(tmp_path / "sink", port=free_port(), intake=route)
    try:
        raw = reply(oid)
        from email import message_from_bytes
        from email.policy import default

        to = message_from_bytes(raw, policy=default)["To"].addresses[0].addr_spec
        answer = await aiosmtplib.send(
            raw, sender=OFFICIAL, recipients=[to], hostname="127.0.0.1", port=sink.port
        )
        assert answer[1].startswith("Message handed to the intake")
        with EventStore.open(settings.effective_database_url) as store:
            stream = ObligationId.parse(oid).workflow_id
            await _until(lambda: any(r.type == "DocumentSubmitted" for r in store.read_stream(stream)))
        await _until(lambda: len(receipts_in(receipts)) == 1)
        assert list((tmp_path / "sink").glob("new/*")) == [], "the reply went to the intake, not the sink"
        with pytest.raises(aiosmtplib.SMTPRecipientsRefused, match="not an address of this intake"):
            await aiosmtplib.send(
                raw,
                sender=OFFICIAL,
                recipients=["someone@else.example"],
                hostname="127.0.0.1",
                port=settings.intake_port,
            )  # fmt: skip, the listener relays nothing
    finally:
        sink.stop()
        await asyncio.to_thread(listener.stop)


async def test_the_whole_loop_reminder_reply_by_eci_mail_reply_review_and_receipt(
    intake_env, running_worker, tmp_path, monkeypatch, capsys
) -> None:
    import datetime as dt

    from cli_invoke import run_eci

    from domain.obligation.notices import NoticeKind, NoticeRequest
    from notifications.mailbox_reader import list_mail
    from notifications.sink import start_sink
    from notifications.stack import MailStack

    monkeypatch.setenv("ECI_SMTP_PORT", str(free_port()))
    settings = load_settings()
    oid = fresh_obligation()
    await open_obligations(oid)
    listener = await asyncio.to_thread(start_intake_thread, settings)
    sink = start_sink(settings)  # files the reminder and the receipt, routes the reply
    try:
        mail = MailStack.from_settings(settings)
        try:
            request = NoticeRequest(
                obligation_id=oid, kind=NoticeKind.REMINDER, step="reminder-7", days=7,
                due=dt.date(2027, 4, 15), effective_due=dt.date(2027, 4, 15),
            )  # fmt: skip
            [reminder] = (await mail.notifier.send_notice(request)).message_ids
        finally:
            await mail.aclose()
        document = tmp_path / "prikaz-12-p.pdf"
        document.write_bytes(sample_pdf())
        details = "Вид документа: приказ; Номер: 12-п; Дата: 10.02.2026; Кем издан: Минсоцразвития"
        args = ["mail", "reply", reminder, "--attach", str(document), "--details", details]
        sent = await asyncio.to_thread(run_eci, args, capsys, monkeypatch)
        assert sent.code == 0, sent.err
        with EventStore.open(settings.effective_database_url) as store:
            stream = ObligationId.parse(oid).workflow_id
            await _until(lambda: any(r.type == "DocumentSubmitted" for r in store.read_stream(stream)))

        def receipt() -> list:
            return [m for m in list_mail(settings.mail_dir, OFFICIAL) if m.subject.startswith("Получено")]

        await _until(lambda: len(receipt()) == 1)
    finally:
        sink.stop()
        await asyncio.to_thread(listener.stop)
