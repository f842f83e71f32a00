"""Mail fixtures: real aiosmtpd servers (a Maildir sink, a scripted one), an outbox, a notifier."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from mail_test_kit import CONTACTS, FIXED_NOW, mail_config

from notifications.config import MailConfig
from notifications.contacts import StaticContactBook
from notifications.dispatch import Dispatcher
from notifications.failures import MemoryFailureLog
from notifications.outbox import Outbox, metadata
from notifications.rate_limit import RateLimiter
from notifications.service import Notifier
from notifications.sink import SinkHandle, free_port, start_maildir_sink
from notifications.smtp import SmtpSender


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


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A SQLite database holding the outbox table."""
    url = f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    outbox = Outbox.open(url)
    metadata.create_all(outbox.engine)
    outbox.close()
    return url


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
