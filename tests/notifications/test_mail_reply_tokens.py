"""With an intake address set, each official gets a message of their own replying to a token for them."""

from __future__ import annotations

import datetime as dt
import mailbox
from email import message_from_bytes
from email.policy import default

from domain.intake.token import IntakeKey, read_token, token_of
from domain.obligation.id import ObligationId
from domain.obligation.notices import NoticeKind, NoticeRequest

INTAKE = "sdacha@minprosv.example"
KEY = IntakeKey("k1", b"0123456789abcdef0123456789abcdef")


def _reminder(participant: str) -> NoticeRequest:
    return NoticeRequest(
        obligation_id=f"2023/05/{participant}", kind=NoticeKind.REMINDER, step="reminder-7", days=7,
        due=dt.date(2024, 4, 15), effective_due=dt.date(2024, 4, 15),
    )  # fmt: skip


def _messages(sink) -> list:
    return [message_from_bytes(m.as_bytes(), policy=default) for m in mailbox.Maildir(sink.maildir)]


async def test_each_recipient_gets_their_own_token_and_a_retry_sends_nothing_twice(
    sink, make_notifier
) -> None:
    kit = make_notifier(sink.port, intake_address=INTAKE, intake_key=KEY)
    result = await kit.notifier.send_notice(_reminder("50"))
    assert len(result.message_ids) == 2
    messages = _messages(sink)
    assert sorted(str(m["To"].addresses[0].addr_spec) for m in messages) == [
        "petrov@mosreg.example", "priem@mosreg.example",
    ]  # fmt: skip
    for message in messages:
        recipient = message["To"].addresses[0].addr_spec
        reply = message["Reply-To"].addresses[0].addr_spec
        token = token_of(reply, INTAKE)
        assert token is not None
        assert read_token(token, recipient, {"k1": KEY}) == ObligationId.parse("2023/05/50")
        body = message.get_body(("plain",)).get_content()
        assert "ответьте на это письмо" in body
        assert "Вид документа: …" in body
    again = await kit.notifier.send_notice(_reminder("50"))
    assert again.message_ids == result.message_ids
    assert len(_messages(sink)) == 2, "a retried notice finds its messages sent"


async def test_federal_bodies_and_a_tracker_without_intake_reply_to_the_coordinator(
    sink, make_notifier
) -> None:
    with_intake = make_notifier(sink.port, intake_address=INTAKE, intake_key=KEY)
    await with_intake.notifier.send_notice(_reminder("Минтруд России"))
    without = make_notifier(sink.port)
    await without.notifier.send_notice(_reminder("77"))
    replies = {m["Reply-To"].addresses[0].addr_spec for m in _messages(sink)}
    assert replies == {"coordinator@minprosv.example"}
