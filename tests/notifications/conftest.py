"""Mail fixtures: real aiosmtpd servers (a Maildir sink, a scripted one), an outbox, a notifier."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from notifications.config import MailConfig
from notifications.contacts import Recipient, StaticContactBook
from notifications.dispatch import Dispatcher
from notifications.failures import MemoryFailureLog
from notifications.outbox import Outbox, metadata
from notifications.rate_limit import RateLimiter
from notifications.service import Notifier
from notifications.sink import SinkHandle, free_port, start_maildir_sink
from notifications.smtp import SmtpSender

COORDINATOR = "coordinator@minprosv.example"
MAIL_FROM = "eci@minprosv.example"


@dataclass
class ScriptedHandler:
    """Answers DATA with the scripted replies in turn (then 250), keeping what it accepted."""

    replies: list[str]
    accepted: list[bytes] = field(default_factory=list)
    seen: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.seen += 1
        reply = self.replies.pop(0) if self.replies else "250 OK"
        if reply.startswith("250"):
            self.accepted.append(envelope.original_content or envelope.content)
        return reply


@dataclass
class RunningServer:
    """A started aiosmtpd controller and its port."""

    controller: Controller
    port: int
    running: bool = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[Callable[..., RunningServer]]:
    """Start aiosmtpd servers with any handler; all are stopped after the test."""
    started: list[RunningServer] = []

    def start(handler: Any, **smtp: Any) -> RunningServer:
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, **smtp)
        controller.start()
        server = RunningServer(controller, port)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def sink(tmp_path: Path) -> Iterator[SinkHandle]:
    """The Maildir sink on a free port."""
    handle = start_maildir_sink(tmp_path / "mail", port=free_port())
    yield handle
    handle.stop()


def mail_config(port: int, database_url: str, **overrides: Any) -> MailConfig:
    """Mail settings for a local test server: no rate limit, fast backoff."""
    values: dict[str, Any] = dict(
        smtp_host="127.0.0.1",
        smtp_port=port,
        mail_from=MAIL_FROM,
        coordinator_email=COORDINATOR,
        database_url=database_url,
        rate_per_second=0,
        attempts=3,
        backoff_initial=0.01,
        backoff_max=0.05,
        timeout=5,
    )
    values.update(overrides)
    return MailConfig(**values)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A SQLite database holding the outbox table."""
    url = f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    outbox = Outbox.open(url)
    metadata.create_all(outbox.engine)
    outbox.close()
    return url


CONTACTS = StaticContactBook(
    {
        "77": (Recipient("Иванова Мария Петровна", "ivanova@mos.example"),),
        "50": (
            Recipient("Петров П. П.", "petrov@mosreg.example"),
            Recipient("Приёмная", "priem@mosreg.example"),
        ),
        "Минтруд России": (Recipient("Департамент", "dep@mintrud.example"),),
        "66": (Recipient("Сидоров", "not an address"),),
    }
)

FIXED_NOW = dt.datetime(2024, 3, 16, 6, 0, tzinfo=dt.UTC)


@dataclass
class NotifierKit:
    """A notifier wired to one server, with its outbox and failure log at hand."""

    notifier: Notifier
    outbox: Outbox
    failures: MemoryFailureLog
    config: MailConfig

    async def close(self) -> None:
        await self.notifier.dispatcher.sender.close()
        self.outbox.close()


@pytest.fixture
def make_notifier(database_url: str) -> Iterator[Callable[..., NotifierKit]]:
    """Build notifiers against a port (each its own SMTP connection, all on one outbox database)."""
    kits: list[NotifierKit] = []

    def make(port: int, contacts: StaticContactBook = CONTACTS, **overrides: Any) -> NotifierKit:
        config = mail_config(port, database_url, **overrides)
        outbox = Outbox.open(database_url)
        sender = SmtpSender(config, RateLimiter(config.rate_per_second))
        dispatcher = Dispatcher(config, outbox, sender, clock=lambda: FIXED_NOW)
        failures = MemoryFailureLog([])
        notifier = Notifier(config, outbox, dispatcher, contacts, failures, clock=lambda: FIXED_NOW)
        kit = NotifierKit(notifier, outbox, failures, config)
        kits.append(kit)
        return kit

    yield make
    for kit in kits:
        kit.outbox.close()
