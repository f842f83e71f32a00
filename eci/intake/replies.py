"""What the intake answers its senders: a receipt for every message from a registered contact.

The receipt quotes the official's own subject and date (read from the message, never recorded), says
what became of it, and when it was not taken, what is wrong and what to do. A stranger gets nothing:
an intake that answered anyone would relay spam.
"""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from domain.intake.advice import advice_ru
from domain.intake.events import IntakeReceiptSent, QuarantineReason, intake_stream
from domain.intake.record import IntakeOutcome, MailRecord
from domain.moscow import MOSCOW
from eci.intake.decide import participants_of
from eci.intake.incoming import IncomingMail, headers_of
from eci.intake.receipts import ReceiptView, send_receipt

if TYPE_CHECKING:
    from eci.intake.port import IntakePort as Intake

RECEIPTED = (
    IntakeOutcome.SUBMITTED,
    IntakeOutcome.FORM_SUBMITTED,
    IntakeOutcome.QUARANTINED,
    IntakeOutcome.EXTENSION_REQUESTED,
)
QUOTES_KEPT = 1000  # subjects and dates of recent messages, for their receipts (older ones re-read)


def quoted_date(header: str) -> str:
    """The sender's Date header as ДД.ММ.ГГГГ (Moscow), or "" if it does not read."""
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return ""
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return f"{when.astimezone(MOSCOW):%d.%m.%Y}"


class Replies:
    """One intake's receipts."""

    def __init__(self, intake: Intake) -> None:
        self.intake = intake
        self._quotes: dict[str, tuple[str, str]] = {}

    def remember(self, mail: IncomingMail) -> None:
        """Keep the subject and date of a message being processed, for its receipt."""
        if len(self._quotes) >= QUOTES_KEPT:
            self._quotes.clear()
        self._quotes[mail.sha256] = (mail.subject, quoted_date(mail.date))

    def quote(self, sha: str) -> tuple[str, str]:
        """The message's subject and date (re-read from its stored header block if not kept)."""
        found = self._quotes.get(sha)
        if found is not None:
            return found
        headers = headers_of(self.intake.files.read(sha), self.intake.limits.max_header_bytes)
        if headers is None:
            return "", ""
        try:
            subject = " ".join(str(headers.get("Subject") or "").split())[:300]
            date = quoted_date(str(headers.get("Date") or ""))
        except Exception:  # an undecodable header quotes nothing
            return "", ""
        return subject, date

    def answers(self, record: MailRecord) -> bool:
        """Whether the sender is told: never a stranger (or the intake would be a spam relay)."""
        if not record.sender or record.outcome is None:
            return False
        if record.code is QuarantineReason.UNKNOWN_SENDER or record.outcome is IntakeOutcome.DUPLICATE:
            return False
        return bool(participants_of(record.sender, self.intake.contacts()))

    def owes(self, record: MailRecord) -> bool:
        """Whether the message's receipt is still to be sent (for what the intake decided; the
        coordinator's own decisions reach the official through the workflow's notices)."""
        return record.outcome in RECEIPTED and not record.receipt_sent and self.answers(record)

    async def answer(self, record: MailRecord) -> None:
        """Send the receipt (once) and record it."""
        if not self.owes(record):
            return
        subject, date = self.quote(record.sha256)
        outcome = record.outcome
        view = ReceiptView(
            accepted=outcome in (IntakeOutcome.SUBMITTED, IntakeOutcome.FORM_SUBMITTED),
            message_id=record.message_id,
            short_id=record.short_id,
            obligations=record.obligations,
            files=record.files,
            reason=record.reason,
            obligation=record.obligation,
            subject=subject,
            date=date,
            advice=advice_ru(record.code) if outcome is IntakeOutcome.QUARANTINED else "",
            extension_until=record.extension_until if outcome is IntakeOutcome.EXTENSION_REQUESTED else None,
            form_version=record.form_version,
            sections=record.sections,
        )
        receipt = await send_receipt(self.intake.mail, record.sha256, record.sender, view)
        event = IntakeReceiptSent(
            obligation_id=intake_stream(record.sha256),
            receipt_message_id=receipt,
            sent_on=self.intake.today(),
        )
        self.intake.ledger.record(record.sha256, "receipt", event)
