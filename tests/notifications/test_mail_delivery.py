"""Delivery through the outbox against real aiosmtpd servers: retries, failures, idempotence, no contact."""

from __future__ import annotations

import datetime as dt
import mailbox
from email import message_from_bytes
from email.policy import default

import pytest
from mail_test_kit import FIXED_NOW, ScriptedHandler

from domain.obligation.notices import NoticeKind, NoticeRequest
from notifications.contacts import StaticContactBook
from notifications.digests import DigestSender
from notifications.outbox import OutboxStatus
from notifications.service import DeliveryPending
from notifications.sink import MaildirHandler, SinkHandle


def reminder(participant: str = "77", step: str = "reminder-14-2024-04-15") -> NoticeRequest:
    return NoticeRequest(
        obligation_id=f"2023/05/{participant}", kind=NoticeKind.REMINDER, step=step, days=14,
        due=dt.date(2024, 4, 13), effective_due=dt.date(2024, 4, 15),
    )  # fmt: skip


def maildir_messages(sink: SinkHandle) -> list[mailbox.MaildirMessage]:
    return list(mailbox.Maildir(sink.maildir, create=False))


async def test_a_notice_is_recorded_then_delivered_once_under_a_stable_message_id(sink, make_notifier):
    kit = make_notifier(sink.port)
    first = await kit.notifier.send_notice(reminder())
    again = await kit.notifier.send_notice(reminder())
    await kit.close()
    assert first == again
    assert first.message_ids == (kit.notifier.message_id("2023/05/77", "reminder-14-2024-04-15"),)
    [stored] = maildir_messages(sink)
    assert stored["Message-ID"] == first.message_ids[0]
    assert stored["Delivered-To"] == "ivanova@mos.example"
    row = kit.outbox.get(first.message_ids[0])
    assert row is not None
    assert row.status is OutboxStatus.SENT
    assert row.sent_at == FIXED_NOW


async def test_a_server_answering_451_then_250_gets_one_message(smtp_server, make_notifier) -> None:
    handler = ScriptedHandler(["451 4.3.0 Try again later"])
    server = smtp_server(handler)
    kit = make_notifier(server.port)
    result = await kit.notifier.send_notice(reminder())
    await kit.close()
    assert handler.seen == 2
    assert len(handler.accepted) == 1
    assert not result.failed
    row = kit.outbox.get(result.message_ids[0])
    assert row is not None
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 1)


async def test_a_server_that_keeps_answering_4xx_leaves_the_message_pending_for_a_later_retry(
    smtp_server, make_notifier
) -> None:
    handler = ScriptedHandler(["421 4.7.0 busy"] * 3)
    server = smtp_server(handler)
    kit = make_notifier(server.port)
    with pytest.raises(DeliveryPending):
        await kit.notifier.send_notice(reminder())
    result = await kit.notifier.send_notice(reminder())  # the activity's retry: same row, same bytes
    await kit.close()
    assert result.message_ids
    assert len(handler.accepted) == 1
    assert handler.accepted[0] == kit.outbox.get(result.message_ids[0]).raw  # type: ignore[union-attr]


async def test_a_550_answer_becomes_notification_failed_and_is_not_retried(smtp_server, make_notifier):
    handler = ScriptedHandler(["550 5.1.1 Mailbox unavailable"])
    server = smtp_server(handler)
    kit = make_notifier(server.port)
    result = await kit.notifier.send_notice(reminder())
    again = await kit.notifier.send_notice(reminder())
    await kit.close()
    assert result.failed
    assert again == result
    assert handler.seen == 1
    [failure] = kit.failures.failures
    assert failure.obligation_id == "2023/05/77"
    assert failure.message_id == result.message_ids[0]
    assert "550" in failure.reason


async def test_one_refused_recipient_is_reported_while_the_others_get_the_message(
    smtp_server, make_notifier
) -> None:
    class RefusePriem(ScriptedHandler):
        async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
            if address.startswith("priem@"):
                return "550 5.1.1 No such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    handler = RefusePriem([])
    kit = make_notifier(smtp_server(handler).port)
    result = await kit.notifier.send_notice(reminder("50"))
    await kit.close()
    assert not result.failed
    assert len(handler.accepted) == 1
    [failure] = kit.failures.failures
    assert failure.reason.startswith("priem@mosreg.example: 550")


async def test_a_participant_without_contact_is_escalated_in_a_digest_not_dropped(sink, make_notifier):
    kit = make_notifier(sink.port, contacts=StaticContactBook({}))
    results = [await kit.notifier.send_notice(reminder("77", f"reminder-{d}-2024-04-15")) for d in (30, 14)]
    escalation = NoticeRequest(
        obligation_id="2023/07/77", kind=NoticeKind.ESCALATION, step="escalation-2024-04-15", days=14,
        due=dt.date(2024, 4, 13), effective_due=dt.date(2024, 4, 15),
    )  # fmt: skip
    queued = await kit.notifier.send_notice(escalation)
    digests = DigestSender(kit.notifier, settle=dt.timedelta(0))
    first = await digests.send_escalation_digests()
    second = await digests.send_escalation_digests()
    await kit.close()
    assert all(r.no_contact and not r.message_ids for r in results)
    assert not queued.no_contact
    assert {f.cause for f in kit.failures.failures} == {"no-contact"}
    assert len(first.message_ids) == 1
    assert second.message_ids == ()
    [digest] = maildir_messages(sink)
    body = message_from_bytes(digest.as_bytes(), policy=default).get_body(("plain",)).get_content()
    assert digest["To"].endswith("<coordinator@minprosv.example>")
    assert "2023/05/77" in body
    assert "2023/07/77" in body
    assert "нет адреса электронной почты" in body


async def test_escalations_of_many_obligations_make_one_digest_per_participant(sink, make_notifier) -> None:
    kit = make_notifier(sink.port)
    for participant in ("77", "50", "01"):
        for measure in (1, 2, 3):
            await kit.notifier.send_notice(
                NoticeRequest(
                    obligation_id=f"2023/{measure:02d}/{participant}", kind=NoticeKind.ESCALATION,
                    step="escalation-2023-06-30", days=14, due=dt.date(2023, 6, 30),
                    effective_due=dt.date(2023, 6, 30),
                )
            )  # fmt: skip
    result = await DigestSender(kit.notifier, settle=dt.timedelta(0)).send_escalation_digests()
    await kit.close()
    assert len(result.message_ids) == 3
    assert sorted(m["X-ECI-Obligation"] for m in maildir_messages(sink)) == [
        "escalation/01", "escalation/50", "escalation/77",
    ]  # fmt: skip


async def test_a_burst_of_escalations_waits_until_it_settles(sink, make_notifier) -> None:
    kit = make_notifier(sink.port)
    await kit.notifier.send_notice(
        NoticeRequest(
            obligation_id="2023/01/77", kind=NoticeKind.ESCALATION, step="escalation-x", days=14,
            due=dt.date(2023, 6, 30), effective_due=dt.date(2023, 6, 30),
        )
    )  # fmt: skip
    result = await DigestSender(kit.notifier, settle=dt.timedelta(minutes=2)).send_escalation_digests()
    await kit.close()
    assert (result.message_ids, result.waiting) == ((), 1)


def test_the_sink_files_one_copy_per_message_id(tmp_path) -> None:
    handler = MaildirHandler(tmp_path / "mail")
    raw = b"Message-ID: <a@b>\r\nSubject: x\r\n\r\nbody\r\n"
    assert handler.store.add(raw, ["a@b.ru"])
    assert not handler.store.add(raw, ["a@b.ru"])
    assert not MaildirHandler(tmp_path / "mail").store.add(raw, ["a@b.ru"])
    assert len(list(mailbox.Maildir(tmp_path / "mail", create=False))) == 1


async def test_concurrent_notices_share_a_few_connections_and_each_arrives_once(smtp_server, make_notifier):
    import asyncio

    sessions: set[int] = set()

    class CountingHandler(ScriptedHandler):
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            sessions.add(id(session))
            return await super().handle_DATA(server, session, envelope)

    handler = CountingHandler([])
    server = smtp_server(handler)
    kit = make_notifier(server.port, connections=3)
    steps = [f"reminder-{n}-2024-04-15" for n in range(12)]
    results = await asyncio.gather(*(kit.notifier.send_notice(reminder(step=s)) for s in steps))
    await kit.close()

    assert len(handler.accepted) == 12
    assert {r.message_ids[0] for r in results} == {kit.notifier.message_id("2023/05/77", s) for s in steps}
    assert 1 < len(sessions) <= 3
