"""One message's intake events folded into what a coordinator lists: its origin and what became of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from domain.documents import StoredFile
from domain.eventing.base import DomainEvent
from domain.intake.events import (
    IntakeMailDropped,
    IntakeMailDuplicate,
    IntakeMailQuarantined,
    IntakeMailReceived,
    IntakeMailReleased,
    IntakeMailSubmitted,
    IntakeReceiptSent,
    QuarantineReason,
)


class IntakeOutcome(StrEnum):
    """What became of a message (the `outcome` of `eci intake list`)."""

    SUBMITTED = "submitted"
    FORM_SUBMITTED = "form_submitted"
    QUARANTINED = "quarantined"
    RELEASED = "released"
    DROPPED = "dropped"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class MailRecord:
    """One message as the intake knows it; `outcome` None while it is being processed."""

    sha256: str
    message_id: str
    received_at: dt.datetime
    sender: str
    obligation: str | None
    outcome: IntakeOutcome | None = None
    code: QuarantineReason | None = None
    reason: str | None = None
    files: tuple[StoredFile, ...] = ()
    obligations: tuple[str, ...] = ()
    receipt_sent: bool = False
    position: int = 0

    @property
    def short_id(self) -> str:
        """The id a coordinator types: the first 12 hex digits of the message's SHA-256."""
        return self.sha256[:12]

    @property
    def open(self) -> bool:
        """Whether a coordinator still has to decide it."""
        return self.outcome in (IntakeOutcome.QUARANTINED, IntakeOutcome.DUPLICATE)


def fold_mail(events: Iterable[tuple[DomainEvent, dt.datetime, int]]) -> MailRecord | None:
    """The record of one message from its stream's events (event, occurred_at, position)."""
    record: MailRecord | None = None
    for event, at, position in events:
        if isinstance(event, IntakeMailReceived):
            record = MailRecord(
                event.sha256, event.message_id, at, event.sender, event.obligation, position=position
            )
            continue
        if record is None:
            continue
        record = _apply(record, event)
    return record


def _apply(record: MailRecord, event: DomainEvent) -> MailRecord:
    match event:
        case IntakeMailSubmitted():
            outcome = IntakeOutcome.FORM_SUBMITTED if event.form else IntakeOutcome.SUBMITTED
            obligation = event.obligations[0] if len(event.obligations) == 1 else record.obligation
            return replace(
                record,
                outcome=outcome,
                files=event.files,
                obligations=event.obligations,
                obligation=obligation,
            )
        case IntakeMailQuarantined():
            return replace(
                record,
                outcome=IntakeOutcome.QUARANTINED,
                code=event.code,
                reason=event.reason,
                obligation=event.obligation or record.obligation,
            )
        case IntakeMailDuplicate():
            return replace(
                record, outcome=IntakeOutcome.DUPLICATE, reason=f"повтор Message-ID ({event.first})"
            )
        case IntakeMailReleased():
            return replace(
                record,
                outcome=IntakeOutcome.RELEASED,
                obligation=event.obligation,
                obligations=(event.obligation,),
                files=event.files,
            )
        case IntakeMailDropped():
            return replace(record, outcome=IntakeOutcome.DROPPED, reason=event.reason)
        case IntakeReceiptSent():
            return replace(record, receipt_sent=True)
    return record
