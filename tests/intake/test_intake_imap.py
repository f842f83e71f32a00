"""The intake reading a ministry's mailbox on a real Dovecot: each unseen message handed over once and
marked seen only after the pipeline has it, new mail noticed by IDLE, a reply there submitted as by SMTP."""

from __future__ import annotations

import asyncio

import pytest
from fixtures_intake import fresh_obligation, open_obligations, receipts_in, reply

from domain.intake.events import IntakeChannel
from domain.intake.record import IntakeOutcome
from eci.intake.imap import MailboxError, MailboxUrl, poll_mailbox


def _message(n: int) -> bytes:
    head = f"From: a@b.example\r\nTo: c@d.example\r\nSubject: {n}\r\nMessage-ID: <{n}@b>\r\n"
    return f"{head}\r\nbody {n}\r\n".encode()


@pytest.fixture
def mailbox(dovecot):
    dovecot.clear()
    return dovecot


async def test_each_unseen_message_is_handed_over_once_and_then_marked_seen(mailbox) -> None:
    mailbox.deliver(_message(1))
    mailbox.deliver(_message(2))
    got: list[bytes] = []

    async def handle(raw: bytes) -> None:
        got.append(raw)

    assert await poll_mailbox(mailbox.url, handle, once=True) == 2
    assert [b"Subject: 1" in got[0], b"Subject: 2" in got[1]] == [True, True]
    assert mailbox.unseen() == 0
    assert await poll_mailbox(mailbox.url, handle, once=True) == 0


async def test_a_handler_that_fails_leaves_the_message_for_the_next_poll(mailbox) -> None:
    mailbox.deliver(_message(3))

    async def broken(raw: bytes) -> None:
        raise RuntimeError("store unavailable")

    with pytest.raises(RuntimeError):
        await poll_mailbox(mailbox.url, broken, once=True)
    assert mailbox.unseen() == 1
    got: list[bytes] = []

    async def handle(raw: bytes) -> None:
        got.append(raw)

    assert await poll_mailbox(mailbox.url, handle, once=True) == 1
    assert mailbox.unseen() == 0


async def test_mail_arriving_during_idle_is_handed_over_at_once(mailbox) -> None:
    arrived = asyncio.Event()
    stop = asyncio.Event()
    got: list[bytes] = []

    async def handle(raw: bytes) -> None:
        got.append(raw)
        arrived.set()

    idling = asyncio.Event()
    poller = asyncio.create_task(
        poll_mailbox(mailbox.url, handle, stop=stop, idle_timeout=60, waiting=idling)
    )
    await asyncio.wait_for(idling.wait(), timeout=10)  # logged in, read the empty mailbox, in IDLE
    await asyncio.to_thread(mailbox.deliver, _message(4))
    await asyncio.wait_for(arrived.wait(), timeout=10)
    stop.set()
    assert await asyncio.wait_for(poller, timeout=15) == 1
    assert b"Subject: 4" in got[0]


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("http://u:p@host/INBOX", "expected imap:// or imaps://"),
        ("imap://host/INBOX", "give user:password@"),
        ("imap://u:p@host:port/INBOX", "the port is not a number"),
    ],
)
def test_a_bad_mailbox_url_is_one_line_naming_the_fault(url: str, error: str) -> None:
    with pytest.raises(ValueError, match=error) as caught:
        MailboxUrl.parse(url)
    assert "\n" not in str(caught.value)


async def test_a_wrong_password_is_one_line_without_the_password(mailbox) -> None:
    url = mailbox.url.replace("s3cret", "wrong-secret-9")

    async def handle(raw: bytes) -> None:
        raise AssertionError("nothing is read without logging in")

    with pytest.raises(MailboxError) as caught:
        await poll_mailbox(url, handle, once=True)
    assert "login refused" in str(caught.value)
    assert "wrong-secret-9" not in str(caught.value)


async def test_a_reply_in_the_ministrys_mailbox_is_submitted_and_receipted(mailbox, intake, receipts) -> None:
    oid = fresh_obligation()
    await open_obligations(oid)
    mailbox.deliver(reply(oid))
    records = []

    async def handle(raw: bytes) -> None:
        records.append(await intake.receive(raw, (), IntakeChannel.IMAP))

    assert await poll_mailbox(mailbox.url, handle, once=True) == 1
    [record] = records
    assert record.outcome is IntakeOutcome.SUBMITTED
    assert len(receipts_in(receipts)) == 1
    received = intake.store.read_stream(f"intake/{record.sha256}")[0]
    assert received.event.channel is IntakeChannel.IMAP


async def test_eci_intake_poll_once_takes_the_mailbox_in(
    mailbox, intake_env, running_worker, receipts, monkeypatch, capsys
) -> None:
    from cli_invoke import run_eci

    oid = fresh_obligation()
    await open_obligations(oid)
    mailbox.deliver(reply(oid))
    monkeypatch.setenv("ECI_INTAKE_IMAP_URL", mailbox.url)
    done = await asyncio.to_thread(run_eci, ["intake", "poll", "--once"], capsys, monkeypatch)
    assert done.code == 0, done.err
    assert "представлено" in done.out
    assert done.out.strip().endswith("писем принято: 1")
    assert mailbox.unseen() == 0
    monkeypatch.setenv("ECI_INTAKE_IMAP_URL", mailbox.url.replace("s3cret", "nope"))
    refused = await asyncio.to_thread(run_eci, ["intake", "poll", "--once"], capsys, monkeypatch)
    assert refused.code == 2
    assert refused.err.startswith("eci: error: ")
    assert "login refused" in refused.err
