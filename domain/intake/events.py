"""What the mail intake recorded about each message that reached it, on the stream `intake/<sha256>`.

One stream per message, named by the SHA-256 of its bytes: the same message delivered twice finds its
stream and records nothing new. The events name the sender's address (an official's work mailbox, as
the contacts table holds it), the Message-ID and the files' hashes; never a subject or a body, which
are the region's words and may name people. The raw message is stored beside the documents, by its hash.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from domain.documents import StoredFile
from domain.eventing.base import DomainEvent

INTAKE_PREFIX = "intake/"


def intake_stream(sha256: str) -> str:
    """The stream of the message with this SHA-256."""
    return f"{INTAKE_PREFIX}{sha256}"


class IntakeChannel(StrEnum):
    """How the message reached the intake."""

    SMTP = "smtp"  # delivered to `eci intake serve` (the embedded sink routes replies there)
    IMAP = "imap"  # fetched from a ministry's mailbox by `eci intake poll`


class QuarantineReason(StrEnum):
    """Why a message was not turned into a submission."""

    MALFORMED = "malformed"  # MIME or headers that do not parse
    TOO_LARGE = "too_large"
    ARCHIVE_BOMB = "archive_bomb"
    NO_TOKEN = "no_token"
    BAD_TOKEN = "bad_token"
    UNKNOWN_SENDER = "unknown_sender"
    WRONG_PARTICIPANT = "wrong_participant"
    NOT_ACCEPTING = "not_accepting"  # the obligation takes no submission now
    NO_ATTACHMENT = "no_attachment"
    BAD_ATTACHMENT = "bad_attachment"  # a file type the intake does not take
    BAD_DETAILS = "bad_details"  # missing or malformed details block
    BAD_FORM = "bad_form"  # an attached report form with problems
    NO_DKIM = "no_dkim"  # an older intake's `require_dkim` and no dkim=pass (now UNVERIFIED_SENDER)
    TOO_COMPLEX = "too_complex"  # over a limit on parts, nesting or header size
    TOO_MANY_FILES = "too_many_files"  # more attachments than one submission takes
    PROCESSING_FAILED = "processing_failed"  # the parser crashed, timed out or ran out of memory N times
    UNVERIFIED_SENDER = "unverified_sender"  # the sender policy's check did not vouch for the From address


class FailureCause(StrEnum):
    """Why one attempt at a message failed (a poison message fails the same way every time)."""

    CRASH = "crash"  # the parser process died
    TIMEOUT = "timeout"  # the parse took longer than its limit and was killed
    MEMORY = "memory"  # the parse ran out of its address space
    ERROR = "error"  # an unexpected error in the intake's own steps
    INTERRUPTED = "interrupted"  # an attempt began and never ended (the intake itself stopped)


class MailEnvelope(BaseModel):
    """The SMTP transaction that brought the message: who the sending server said it was from and to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mail_from: str = Field(default="", max_length=320)
    rcpt_to: tuple[str, ...] = Field(default=(), max_length=100)
    peer: str = Field(default="", max_length=64)  # the connecting address
    helo: str = Field(default="", max_length=255)


class MailVerdicts(BaseModel):
    """The receiving server's Authentication-Results verdicts, where it added them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dkim: str | None = None
    spf: str | None = None
    dmarc: str | None = None
    # Who gave the verdicts: "authserv:<id>" (the configured receiving server) or "intake" (checked here).
    by: str | None = Field(default=None, max_length=300)


class IntakeMailReceived(DomainEvent):
    """A message reached the intake and was stored whole; what became of it follows on the stream."""

    type: ClassVar[str] = "IntakeMailReceived"

    message_id: str = Field(max_length=998)
    sha256: str
    size: int
    sender: str = Field(max_length=320)
    channel: IntakeChannel
    verdicts: MailVerdicts = MailVerdicts()
    obligation: str | None = None  # what the reply token named, if it verified
    envelope: MailEnvelope | None = None  # the SMTP envelope (None when fetched from a mailbox)


class FormSectionNote(BaseModel):
    """What became of one section of a mailed form, as its receipt told the sender."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    measure: int
    obligation: str | None = None
    code: str = Field(max_length=40)  # `domain.report_form.filing.ItemOutcome`
    message: str = Field(max_length=500)


class IntakeMailSubmitted(DomainEvent):
    """The message's documents were submitted to `obligations` (several for a report form)."""

    type: ClassVar[str] = "IntakeMailSubmitted"

    obligations: tuple[str, ...]
    files: tuple[StoredFile, ...]
    form: bool = False
    # A mailed form: the version it was recorded as, and each section's outcome (absent before forms
    # were filed section by section).
    form_version: int | None = None
    sections: tuple[FormSectionNote, ...] = ()


class IntakeMailQuarantined(DomainEvent):
    """The message was held for the coordinator; `reason` is the one line its sender was told."""

    type: ClassVar[str] = "IntakeMailQuarantined"

    code: QuarantineReason
    reason: str = Field(max_length=500)
    obligation: str | None = None
    receipt_sent: bool = False


class IntakeMailReleased(DomainEvent):
    """A coordinator submitted a quarantined message's documents to an obligation."""

    type: ClassVar[str] = "IntakeMailReleased"

    obligation: str
    files: tuple[StoredFile, ...]


class IntakeMailDropped(DomainEvent):
    """A coordinator decided a quarantined message needs nothing more."""

    type: ClassVar[str] = "IntakeMailDropped"

    reason: str = Field(min_length=1, max_length=2000)


class IntakeMailDuplicate(DomainEvent):
    """A different message reused the Message-ID of one already received: held, never submitted."""

    type: ClassVar[str] = "IntakeMailDuplicate"

    first: str  # the stream of the message that came first


class IntakeReceiptSent(DomainEvent):
    """The sender was told what became of the message."""

    type: ClassVar[str] = "IntakeReceiptSent"

    receipt_message_id: str
    sent_on: dt.date


class IntakeProcessingFailed(DomainEvent):
    """One attempt at the message failed; after the intake's limit of attempts it is quarantined."""

    type: ClassVar[str] = "IntakeProcessingFailed"

    attempt: int = Field(ge=1)
    cause: FailureCause


class IntakeRetryStarted(DomainEvent):
    """A later attempt at an unfinished message began (one that never ends counts as failed)."""

    type: ClassVar[str] = "IntakeRetryStarted"

    attempt: int = Field(ge=2)


class IntakeRetryDeferred(DomainEvent):
    """A later attempt stopped because the Temporal server or worker was away: not the message's fault."""

    type: ClassVar[str] = "IntakeRetryDeferred"

    attempt: int = Field(ge=1)


class IntakeExtensionRequested(DomainEvent):
    """A reply to an overdue notice asked for a new due date, with a reason and no document."""

    type: ClassVar[str] = "IntakeExtensionRequested"

    obligation: str
    until: dt.date
    reason: str = Field(min_length=1, max_length=1000)


class IntakeExtensionGranted(DomainEvent):
    """The coordinator moved the due date as asked (the obligation's own DeadlineExtended follows)."""

    type: ClassVar[str] = "IntakeExtensionGranted"

    obligation: str
    until: dt.date


class IntakeExtensionDeclined(DomainEvent):
    """The coordinator declined the request; the reason is mailed to the official."""

    type: ClassVar[str] = "IntakeExtensionDeclined"

    reason: str = Field(min_length=1, max_length=2000)
