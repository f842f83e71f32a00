"""`eci mail list|show|outbox|flush` over the sink's Maildir and the outbox."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_invoke import Outcome, run_eci

from config.settings import load_settings
from domain.obligation.notices import NoticeKind, NoticeRequest
from notifications.sink import SinkHandle, free_port, start_sink
from notifications.stack import MailStack

Eci = Callable[..., Outcome]
CONTACTS = "participant;role;full_name;email\n77;responsible;Иванова Мария Петровна;ivanova@mos.example\n"


@pytest.fixture
def eci(data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


@pytest.fixture
def local_sink(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SinkHandle]:
    monkeypatch.setenv("ECI_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("ECI_SMTP_RATE_PER_SECOND", "0")
    handle = start_sink(load_settings())
    yield handle
    handle.stop()


def _notice(participant: str, kind: NoticeKind, step: str) -> NoticeRequest:
    return NoticeRequest(
        obligation_id=f"2023/05/{participant}", kind=kind, step=step, days=30,
        due=dt.date(2024, 4, 13), effective_due=dt.date(2024, 4, 15),
    )  # fmt: skip


async def _send(*requests: NoticeRequest) -> list[str]:
    stack = MailStack.from_settings(load_settings())
    try:
        return [m for r in requests for m in (await stack.notifier.send_notice(r)).message_ids]
    finally:
        await stack.aclose()


def test_list_show_outbox_and_flush(eci: Eci, local_sink: SinkHandle, tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(CONTACTS, encoding="utf-8")
    assert eci("contacts", "import", tmp_path / "c.csv").code == 0
    notices = [_notice(p, NoticeKind.REMINDER, "reminder-30") for p in ("77", "50")]
    [reminder] = asyncio.run(_send(*notices))

    listed = json.loads(eci("mail", "list", "--json").out)
    assert [(m["message_id"], m["to"], m["obligation"]) for m in listed] == [
        (reminder, ["ivanova@mos.example"], "2023/05/77")
    ]
    assert listed[0]["subject"].startswith("Напоминание: через 30 дней срок по мероприятию № 5")
    assert json.loads(eci("mail", "list", "--json", "--to", "nobody@example.ru").out) == []

    shown = eci("mail", "show", reminder.strip("<>"))
    assert shown.code == 0
    assert "To: Иванова Мария Петровна <ivanova@mos.example>" in shown.out
    assert "Вид документа: …" in shown.out, "the reply block replaces the CLI line (regions have no CLI)"
    assert "eci submit" not in shown.out
    missing = eci("mail", "show", "<nope@example>")
    assert (missing.code, missing.err.startswith("eci: error: письма <nope@example> нет")) == (2, True)

    outbox = {e["obligation_id"]: e["status"] for e in json.loads(eci("mail", "outbox", "--json").out)}
    assert outbox == {"2023/05/77": "sent", "2023/05/50": "queued"}

    flushed = eci("mail", "flush")
    assert flushed.out.startswith("Сводок отправлено: 1,")
    digest = json.loads(eci("mail", "list", "--json", "--to", "coordinator@rannyaya-pomoshch.local").out)
    assert [m["obligation"] for m in digest] == ["escalation/50"]


def test_demo_contacts_give_every_participant_but_the_skipped_a_valid_address() -> None:
    from demo.contacts import demo_contacts
    from domain.obligation.plan import obligations_for_cycle
    from notifications.contacts import Recipient as R
    from notifications.contacts import StaticContactBook, participants_without_contact

    participants = [o.participant for o in obligations_for_cycle(2023)]
    contacts = demo_contacts(participants, skip=["66"])
    book = StaticContactBook({c.participant: (R(c.full_name, c.email),) for c in contacts})
    assert participants_without_contact(book, participants) == ("66",)
    assert len({c.email for c in contacts}) == len(contacts)
