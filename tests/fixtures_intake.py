"""The mail intake under test: a real worker and store, a Maildir sink for receipts, regions' replies."""

from __future__ import annotations

import asyncio
import datetime as dt
import mailbox
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default
from email.utils import make_msgid
from pathlib import Path

import pytest

from config.settings import load_settings
from demo.sample_pdf import sample_pdf
from domain.contacts import Contact, ContactRole
from domain.intake.token import IntakeKey, make_token, reply_address
from domain.obligation.id import ObligationId
from notifications.sink import SinkHandle, free_port, start_maildir_sink

INTAKE_ADDRESS = "sdacha@minzdrav.example"
KEY = IntakeKey("k1", bytes.fromhex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"))
OFFICIAL = "ivanova@mari.example"  # region 12's contact
OTHER_REGION = "petrov@mos.example"  # region 77's contact
FORM_OFFICIAL = "forma@chuvashia.example"  # region 21's contact, who files the report form by mail
PDF = sample_pdf(2000, "order of the ministry")
DETAILS = (
    "Вид документа: приказ\nНомер: 12-п\nДата: 10.02.2026\nКем издан: Министерство социального развития\n"
)


@pytest.fixture
def receipts(tmp_path: Path) -> Iterator[SinkHandle]:
    """The SMTP sink receipts go to."""
    handle = start_maildir_sink(tmp_path / "receipts", port=free_port())
    yield handle
    handle.stop()


@pytest.fixture
def intake_env(data_dir: Path, receipts: SinkHandle, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings of an intake at INTAKE_ADDRESS, sending through the receipts sink."""
    monkeypatch.setenv("ECI_INTAKE_ADDRESS", INTAKE_ADDRESS)
    monkeypatch.setenv("ECI_INTAKE_SECRET", f"{KEY.key_id}:{KEY.secret.hex()}")
    monkeypatch.setenv("ECI_SMTP_PORT", str(receipts.port))
    monkeypatch.setenv("ECI_SMTP_RATE_PER_SECOND", "0")
    monkeypatch.setenv("ECI_INTAKE_PORT", str(free_port()))
    from store.contacts import replace_contacts
    from store.event_store import EventStore

    with EventStore.open(load_settings().effective_database_url) as store:
        replace_contacts(
            store,
            [
                Contact(participant="12", role=ContactRole.RESPONSIBLE, full_name="Иванова", email=OFFICIAL),
                Contact(
                    participant="77", role=ContactRole.RESPONSIBLE, full_name="Петров", email=OTHER_REGION
                ),
                Contact(
                    participant="21", role=ContactRole.RESPONSIBLE, full_name="Сидорова", email=FORM_OFFICIAL
                ),
            ],
        )
    return data_dir


def reply(
    oid: str = "2026/02/12",
    *,
    sender: str = OFFICIAL,
    token_for: str | None = None,
    text: str = DETAILS,
    attachments: tuple[tuple[str, bytes, str], ...] = (("prikaz-12-p.pdf", PDF, "application/pdf"),),
    to: str | None = None,
) -> bytes:
    """A region official's reply to a reminder, as a mail client writes it."""
    message = EmailMessage(policy=default)
    message["From"] = f"Иванова Мария <{sender}>"
    token = make_token(ObligationId.parse(oid), token_for or sender, KEY)
    message["To"] = to or reply_address(INTAKE_ADDRESS, token)
    message["Subject"] = "Re: Напоминание: срок по мероприятию № 2"
    message["Message-ID"] = make_msgid(domain="mari.example")
    quoted = "\n".join(f"> {line}" for line in "Как представить документы:\n...".splitlines())
    message.set_content(f"Добрый день!\nНаправляем документ.\n\n{text}\n{quoted}\n")
    for name, data, media in attachments:
        main, sub = media.split("/")
        message.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return message.as_bytes()


def receipts_in(sink: SinkHandle) -> list[EmailMessage]:
    """The receipts the sink holds."""
    from email import message_from_bytes

    return [message_from_bytes(m.as_bytes(), policy=default) for m in mailbox.Maildir(sink.maildir)]  # type: ignore[misc]


@dataclass
class Opened:
    """Obligations started for a test."""

    ids: tuple[str, ...]


async def open_obligations(*oids: str) -> Opened:
    """Start the obligations' workflows (a real worker must poll) and wait for their openings."""
    from activities.cycle import start_obligations
    from domain.obligation.plan import obligations_for_cycle
    from domain.obligation.start import terms_for
    from eci.runtime.temporal_client import connect
    from store.event_store import EventStore

    settings = load_settings()
    wanted = {ObligationId.parse(o) for o in oids}
    terms = [
        terms_for(o)
        for cycle in {w.cycle for w in wanted}
        for o in obligations_for_cycle(cycle)
        if o.id in wanted
    ]
    client = await connect(settings)
    await start_obligations(client, settings.temporal_task_queue, terms)
    with EventStore.open(settings.effective_database_url) as store:
        deadline = time.monotonic() + 20
        while not all(store.read_stream(t.workflow_id) for t in terms):
            if time.monotonic() > deadline:
                raise AssertionError("the obligations' openings were never recorded")
            await asyncio.sleep(0.05)
    return Opened(tuple(oids))


@pytest.fixture
async def intake(intake_env: Path, running_worker: None) -> AsyncIterator[object]:
    """An intake over the test's store and worker."""
    from eci.intake.pipeline import Intake

    handle = Intake(load_settings())
    try:
        yield handle
    finally:
        await handle.aclose()


def today() -> dt.date:
    """Moscow's date (the documents' dates in replies must not be in the future)."""
    from domain.moscow import MOSCOW

    return dt.datetime.now(MOSCOW).date()


def _fresh_ids() -> Iterator[str]:
    from domain.obligation.plan import obligations_for_cycle

    for cycle in range(2026, 2031):
        for obligation in obligations_for_cycle(cycle, region="12"):
            yield str(obligation.id)


# Workflow ids are global on the session's dev server: every test takes obligations no other test took.
_FRESH = _fresh_ids()


def fresh_obligation() -> str:
    """An obligation of region 12 that no other test of this session has started."""
    return next(_FRESH)
