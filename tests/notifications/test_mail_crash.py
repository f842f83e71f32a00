"""A crash anywhere between recording and marking a message never yields a second, different message."""

from __future__ import annotations

import asyncio
import mailbox
import os
import sys
import textwrap
from pathlib import Path

import pytest
from test_mail_delivery import reminder

from notifications.outbox import OutboxStatus
from notifications.service import DeliveryPending
from notifications.sink import MaildirHandler, start_maildir_sink

REPO = Path(__file__).resolve().parents[2]


class DropAfterFiling(MaildirHandler):
    """Files the message, then drops the connection before answering (a server dying mid-send)."""

    def __init__(self, root: Path, drops: int) -> None:
        super().__init__(root)
        self.drops = drops

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        reply = await super().handle_DATA(server, session, envelope)
        if self.drops:
            self.drops -= 1
            server.transport.abort()
        return reply


def _files(maildir: Path) -> list[bytes]:
    return [p.read_bytes() for p in sorted((maildir / "new").iterdir())]


async def test_a_connection_dropped_after_the_server_filed_the_message_resends_the_same_one(
    tmp_path, smtp_server, make_notifier
):
    handler = DropAfterFiling(tmp_path / "mail", drops=1)
    kit = make_notifier(smtp_server(handler).port)
    result = await kit.notifier.send_notice(reminder())
    await kit.close()
    assert handler.received == 2
    assert len(_files(tmp_path / "mail")) == 1
    assert kit.outbox.get(result.message_ids[0]).status is OutboxStatus.SENT  # type: ignore[union-attr]


async def test_a_server_killed_mid_send_and_a_restarted_sender_deliver_exactly_one_message(
    tmp_path, smtp_server, make_notifier
):
    maildir = tmp_path / "mail"
    server = smtp_server(DropAfterFiling(maildir, drops=1))
    dying = make_notifier(server.port, attempts=1)
    with pytest.raises(DeliveryPending):
        await dying.notifier.send_notice(reminder())
    await dying.close()
    server.stop()  # the server is gone; the message it filed stays in the Maildir

    restarted_server = start_maildir_sink(maildir, port=server.port)
    try:
        restarted = make_notifier(server.port)
        result = await restarted.notifier.send_notice(reminder())
        await restarted.close()
    finally:
        restarted_server.stop()
    [filed] = _files(maildir)
    row = restarted.outbox.get(result.message_ids[0])
    assert row is not None
    assert row.status is OutboxStatus.SENT
    assert row.raw is not None
    assert filed.endswith(row.raw)


CHILD = textwrap.dedent(
    """
    import asyncio, os, sys
    sys.path[:0] = [{tests!r}]
    from mail_test_kit import CONTACTS, FIXED_NOW, mail_config
    from notifications.dispatch import Dispatcher
    from notifications.failures import MemoryFailureLog
    from notifications.outbox import Outbox
    from notifications.rate_limit import RateLimiter
    from notifications.service import Notifier
    from notifications.smtp import SmtpSender
    from test_mail_delivery import reminder

    class DiesBeforeMarking(Outbox):
        def mark_sent(self, message_id, at):
            os._exit(9)  # killed after the server accepted, before the outbox knows

    config = mail_config({port}, {url!r})
    outbox = DiesBeforeMarking.open({url!r})
    dispatcher = Dispatcher(config, outbox, SmtpSender(config, RateLimiter(0)), clock=lambda: FIXED_NOW)
    notifier = Notifier(config, outbox, dispatcher, CONTACTS, MemoryFailureLog([]), clock=lambda: FIXED_NOW)
    asyncio.run(notifier.send_notice(reminder()))
    """
)


async def test_a_sender_killed_after_the_server_accepted_resends_the_same_bytes_not_a_new_message(
    sink, database_url, make_notifier
):
    code = CHILD.format(tests=str(Path(__file__).parent), port=sink.port, url=database_url)
    child = await asyncio.create_subprocess_exec(sys.executable, "-c", code, cwd=REPO, env=dict(os.environ))
    assert await asyncio.wait_for(child.wait(), 60) == 9
    [message_id] = [m["Message-ID"] for m in mailbox.Maildir(sink.maildir, create=False)]

    kit = make_notifier(sink.port)
    assert kit.outbox.get(message_id).status is OutboxStatus.PENDING  # type: ignore[union-attr]
    result = await kit.notifier.send_notice(reminder())
    await kit.close()
    assert result.message_ids == (message_id,)
    assert len(_files(sink.maildir)) == 1
    assert sink.controller.handler.received == 2
    assert kit.outbox.get(message_id).status is OutboxStatus.SENT  # type: ignore[union-attr]
