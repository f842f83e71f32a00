"""Shared mail test data: the scripted SMTP handler, test mail settings, contacts and a fixed clock.

A named module rather than `conftest`, so test modules (and child processes) import it unambiguously.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from notifications.config import MailConfig
from notifications.contacts import Recipient, StaticContactBook

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
