"""Attempts at a message, and the end of a poison message.

The first attempt begins when the message is received; each later one is recorded as it begins
(`IntakeRetryStarted`), so an attempt that never ends (its process died with it) is counted when the
next one begins. An attempt fails when the parser process crashed, was killed at its timeout or ran
out of memory, or when the intake's own steps raised something unexpected (`IntakeProcessingFailed`).
One stopped because Temporal was away is deferred, not failed: the message is not at fault. After
`intake_max_attempts` failures the message is quarantined as «не удалось обработать» with the cause,
and nobody retries it again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from domain.intake.events import (
    FailureCause,
    IntakeProcessingFailed,
    IntakeRetryDeferred,
    IntakeRetryStarted,
    QuarantineReason,
)
from domain.intake.record import MailRecord
from eci.errors import EciError
from eci.intake.refusal import RefusedMail
from store.errors import ConcurrencyConflict

if TYPE_CHECKING:
    from eci.intake.port import IntakePort as Intake

log = logging.getLogger("eci.intake")

CAUSE_RU: dict[FailureCause, str] = {
    FailureCause.CRASH: "разбор письма аварийно прерывался",
    FailureCause.TIMEOUT: "разбор письма не укладывался в отведённое время",
    FailureCause.MEMORY: "разбор письма требовал больше памяти, чем разрешено",
    FailureCause.ERROR: "при обработке письма возникала ошибка",
    FailureCause.INTERRUPTED: "обработка письма прерывалась вместе с приёмом почты",
}


def poison_reason(cause: FailureCause | None, attempts: int) -> str:
    """The quarantine reason of a message that failed every attempt."""
    why = CAUSE_RU.get(cause or FailureCause.ERROR, CAUSE_RU[FailureCause.ERROR])
    return f"Письмо не удалось обработать: {why} (попыток: {attempts})."


class Attempts:
    """Counts one intake's attempts at each message on the message's own stream."""

    def __init__(self, intake: Intake) -> None:
        self.intake = intake

    @property
    def limit(self) -> int:
        """Failed attempts after which a message is quarantined."""
        return self.intake.settings.intake_max_attempts

    def failed(self, sha: str, cause: FailureCause) -> None:
        """Record a failed attempt; quarantine the message if that was the last one allowed."""
        record = self.intake.ledger.get(sha)
        if record is None or record.outcome is not None:
            return
        attempt = record.attempts
        self.intake.ledger.record(sha, f"failed-{attempt}", IntakeProcessingFailed(
            obligation_id=f"intake/{sha}", attempt=attempt, cause=cause
        ))  # fmt: skip
        log.warning("intake: message %s: attempt %d failed (%s)", sha[:12], attempt, cause.value)
        if record.failures + 1 >= self.limit:
            self._poisoned(sha, cause, attempt)

    def _poisoned(self, sha: str, cause: FailureCause | None, attempts: int) -> None:
        refused = RefusedMail(QuarantineReason.PROCESSING_FAILED, poison_reason(cause, attempts))
        self.intake.quarantine(sha, refused, None)

    async def guarded(self, sha: str, work: Coroutine[Any, Any, None]) -> None:
        """Run one attempt's steps: an unexpected error is a failed attempt, Temporal away a deferred one."""
        try:
            await work
        except EciError as exc:
            if exc.exit_code != 3:
                self.failed(sha, FailureCause.ERROR)
                return
            record = self.intake.ledger.get(sha)
            if record is not None:
                step = f"deferred-{record.attempts}"
                event = IntakeRetryDeferred(obligation_id=f"intake/{sha}", attempt=record.attempts)
                self.intake.ledger.record(sha, step, event)
            raise  # no server or worker: the message waits for the next attempt
        except (asyncio.CancelledError, KeyboardInterrupt, SystemExit):
            raise
        except Exception:
            log.exception("intake: message %s: unexpected error", sha[:12])
            self.failed(sha, FailureCause.ERROR)

    def _due(self, record: MailRecord) -> bool:
        # Not this process's own work in progress; an open attempt of another process is taken up too
        # (it died, or it finishes first: every step is idempotent, so nothing is done twice).
        return record.sha256 not in self.intake.active

    async def resume(self) -> int:
        """Take up every unfinished message no attempt is running on; quarantine the poisoned ones."""
        done = 0
        records = self.intake.ledger.all()
        for record in [r for r in records if r.outcome is None and self._due(r)]:
            failures = record.failures + (1 if record.attempt_open else 0)
            if failures >= self.limit:
                self._poisoned(record.sha256, record.last_cause or FailureCause.INTERRUPTED, record.attempts)
                await self.intake.replies.answer(self.intake.ledger.get(record.sha256) or record)
                done += 1
                continue
            if not self._start_retry(record):
                continue
            raw = self.intake.files.read(record.sha256)
            envelope_to = record.envelope.rcpt_to if record.envelope is not None else ()
            await self.intake.receive(raw, envelope_to, envelope=record.envelope)
            done += 1
        for record in records:
            if record.outcome is not None and self.intake.replies.owes(record):
                await self.intake.replies.answer(record)
                done += 1
        return done

    def _start_retry(self, record: MailRecord) -> bool:
        """Record that the next attempt begins; False if another writer touched the message meanwhile."""
        sha = record.sha256
        event = IntakeRetryStarted(obligation_id=f"intake/{sha}", attempt=record.attempts + 1)
        try:
            self.intake.ledger.record(
                sha, f"retry-{record.attempts + 1}", event, expected_version=record.version
            )
        except ConcurrencyConflict:
            return False
        return True
