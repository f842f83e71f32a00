"""One message's intake events folded into what a coordinator lists: its origin and what became of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from domain.documents import StoredFile
from domain.eventing.base import DomainEvent
from domain.intake.events import (
    FailureCause,
    FormSectionNote,
    IntakeExtensionDeclined,
    IntakeExtensionGranted,
    IntakeExtensionRequested,
    IntakeMailDropped,
    IntakeMailDuplicate,
    IntakeMailQuarantined,
    IntakeMailReceived,
    IntakeMailReleased,
    IntakeMailSubmitted,
    IntakeProcessingFailed,
    IntakeReceiptSent,
    IntakeRetryDeferred,
    IntakeRetryStarted,
    MailEnvelope,
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
    EXTENSION_REQUESTED = "extension_requested"  # waits for the coordinator to grant or decline
    EXTENSION_GRANTED = "extension_granted"
    EXTENSION_DECLINED = "extension_declined"


# The outcomes a coordinator still has to decide.
OPEN_OUTCOMES = (IntakeOutcome.QUARANTINED, IntakeOutcome.DUPLICATE, IntakeOutcome.EXTENSION_REQUESTED)


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
    form_version: int | None = None
    sections: tuple[FormSectionNote, ...] = ()
    envelope: MailEnvelope | None = None
    # Attempts at processing: how many began, how many failed, and whether the last one is still open.
    attempts: int = 1
    failures: int = 0
    last_cause: FailureCause | None = None
    attempt_open: bool = True
    attempt_started_at: dt.datetime | None = None
    extension_until: dt.date | None = None  # an extension request's new date
    version: int = 0  # the stream's version this record was folded at (for writes that must not cross)

    @property
    def short_id(self) -> str:
        """The id a coordinator types: the first 12 hex digits of the message's SHA-256."""
        return self.sha256[:12]

    @property
    def open(self) -> bool:
        """Whether a coordinator still has to decide it."""
        return self.outcome in OPEN_OUTCOMES

    def busy(self, now: dt.datetime, attempt_seconds: float) -> bool:
        """Whether an attempt at it may be running now: begun, not ended, and younger than the longest
        an attempt can take (an older one died with its process)."""
        if self.outcome is not None or not self.attempt_open or self.attempt_started_at is None:
            return False
        return (now - self.attempt_started_at).total_seconds() < attempt_seconds


def fold_mail(events: Iterable[tuple[DomainEvent, dt.datetime, int]]) -> MailRecord | None:
    """The record of one message from its stream's events (event, occurred_at, position)."""
    record: MailRecord | None = None
    version = 0
    for event, at, position in events:
        version += 1
        if isinstance(event, IntakeMailReceived):
            record = MailRecord(
                event.sha256, event.message_id, at, event.sender, event.obligation, position=position,
                envelope=event.envelope, attempt_started_at=at,
            )  # fmt: skip
            continue
        if record is None:
            continue
        record = _attempt(record, event, at)
        record = _apply(record, event)
    return replace(record, version=version) if record is not None else None


def _attempt(record: MailRecord, event: DomainEvent, at: dt.datetime) -> MailRecord:
    match event:
        case IntakeProcessingFailed():
            return replace(record, failures=record.failures + 1, last_cause=event.cause, attempt_open=False)
        case IntakeRetryStarted():
            # The attempt before it never ended: its process died with it.
            failed = 1 if record.attempt_open else 0
            return replace(
                record, attempts=event.attempt, failures=record.failures + failed, attempt_open=True,
                attempt_started_at=at,
                last_cause=FailureCause.INTERRUPTED if failed else record.last_cause,
            )  # fmt: skip
        case IntakeRetryDeferred():
            return replace(record, attempt_open=False)
        case IntakeReceiptSent():
            return record
    return replace(record, attempt_open=False)


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
                form_version=event.form_version,
                sections=event.sections,
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
        case IntakeExtensionRequested():
            return replace(
                record, outcome=IntakeOutcome.EXTENSION_REQUESTED, obligation=event.obligation,
                extension_until=event.until, reason=event.reason,
            )  # fmt: skip
        case IntakeExtensionGranted():
            return replace(record, outcome=IntakeOutcome.EXTENSION_GRANTED, extension_until=event.until)
        case IntakeExtensionDeclined():
            return replace(record, outcome=IntakeOutcome.EXTENSION_DECLINED, reason=event.reason)
        case IntakeReceiptSent():
            return replace(record, receipt_sent=True)
    return record
