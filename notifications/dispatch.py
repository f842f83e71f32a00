"""Deliver outbox rows: send the recorded bytes, retry 4xx with backoff, mark the row with the outcome."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parseaddr
from enum import StrEnum

from notifications.config import MailConfig
from notifications.outbox import Outbox, OutboxEntry, OutboxStatus
from notifications.smtp import PermanentSendError, SmtpSender, TransientSendError


class Outcome(StrEnum):
    """What became of one delivery."""

    SENT = "sent"
    FAILED = "failed"  # permanent: the coordinator is told, nothing is retried
    RETRY_LATER = "retry_later"  # transient errors outlasted the attempts: the row stays pending


@dataclass(frozen=True)
class Delivery:
    """The outcome of delivering one row; `refused` names recipients the server turned away."""

    message_id: str
    outcome: Outcome
    error: str | None = None
    refused: dict[str, str] = field(default_factory=dict)


def utcnow() -> dt.datetime:
    """The current instant, tz-aware."""
    return dt.datetime.now(dt.UTC)


class Dispatcher:
    """Sends outbox rows through one SMTP sender; the row is the truth, the send only confirms it."""

    def __init__(
        self,
        config: MailConfig,
        outbox: Outbox,
        sender: SmtpSender,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.config = config
        self.outbox = outbox
        self.sender = sender
        self.clock = clock
        self.envelope_from = parseaddr(config.mail_from)[1] or config.mail_from

    async def deliver(self, entry: OutboxEntry) -> Delivery:
        """Send a pending row (a sent or failed row is answered from the outbox, never resent)."""
        if entry.status is OutboxStatus.SENT:
            return Delivery(entry.message_id, Outcome.SENT)
        if entry.status is OutboxStatus.FAILED:
            return Delivery(entry.message_id, Outcome.FAILED, entry.last_error)
        if entry.status is not OutboxStatus.PENDING or entry.raw is None:
            raise ValueError(f"outbox row {entry.message_id} is {entry.status}, not a message to send")
        delay = self.config.backoff_initial
        error = ""
        for attempt in range(1, self.config.attempts + 1):
            try:
                report = await self.sender.send(self.envelope_from, entry.recipients, entry.raw)
            except TransientSendError as exc:
                error = str(exc)
                await asyncio.to_thread(self.outbox.note_attempt, entry.message_id, error)
                if attempt < self.config.attempts:
                    await asyncio.sleep(min(delay, self.config.backoff_max))
                    delay *= 2
                continue
            except PermanentSendError as exc:
                await asyncio.to_thread(self.outbox.mark_failed, entry.message_id, str(exc))
                return Delivery(entry.message_id, Outcome.FAILED, str(exc))
            await asyncio.to_thread(self.outbox.mark_sent, entry.message_id, self.clock())
            return Delivery(entry.message_id, Outcome.SENT, refused=report.refused)
        return Delivery(entry.message_id, Outcome.RETRY_LATER, error)

    async def drain(self, limit: int = 500) -> list[Delivery]:
        """Resend what a crash left pending (same bytes, same Message-ID)."""
        pending = await asyncio.to_thread(self.outbox.by_status, OutboxStatus.PENDING, limit)
        return [await self.deliver(entry) for entry in pending]
