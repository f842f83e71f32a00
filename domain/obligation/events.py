"""Domain events: frozen facts about obligations, the only thing the event store records.

Each event names its obligation; the store adds position, stream, version, times and the chain.
No personal data: events carry document details and file fingerprints, never people.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from domain.documents import SubmittedDocument
from domain.eventing.base import DomainEvent
from domain.obligation.states import ObligationState


class Milestone(BaseModel):
    """One stage of a staged measure, with its own due date."""

    model_config = ConfigDict(frozen=True)

    label: str
    due: dt.date


class ObligationOpened(DomainEvent):
    """An obligation of a cycle began: its participant owes the measure by `due`."""

    type: ClassVar[str] = "ObligationOpened"

    cycle: int
    measure: int
    participant: str
    due: dt.date
    effective_due: dt.date
    milestones: tuple[Milestone, ...] = ()


class ReminderSent(DomainEvent):
    """A reminder before the deadline went out."""

    type: ClassVar[str] = "ReminderSent"

    days_before: int
    due: dt.date
    message_ids: tuple[str, ...] = ()


class DocumentSubmitted(DomainEvent):
    """The participant submitted documents for review (or for one stage)."""

    type: ClassVar[str] = "DocumentSubmitted"

    documents: tuple[SubmittedDocument, ...] = Field(min_length=1)
    milestone: str | None = None
    comment: str | None = None


class SubmissionAccepted(DomainEvent):
    """The coordinator accepted the submission; the obligation is fulfilled."""

    type: ClassVar[str] = "SubmissionAccepted"

    comment: str | None = None


class SubmissionReturned(DomainEvent):
    """The coordinator returned the submission for rework, with a reason."""

    type: ClassVar[str] = "SubmissionReturned"

    reason: str = Field(min_length=1)


class ObligationWaived(DomainEvent):
    """The coordinator lifted the obligation, with a reason."""

    type: ClassVar[str] = "ObligationWaived"

    reason: str = Field(min_length=1)


class DeadlineExtended(DomainEvent):
    """The coordinator moved the due date, with a reason."""

    type: ClassVar[str] = "DeadlineExtended"

    due: dt.date
    effective_due: dt.date
    reason: str = Field(min_length=1)


class DeadlineRetimed(DomainEvent):
    """The catalog's reading of the plan moved the due date of a running obligation (`eci cycle retime`).

    Not an extension: nobody granted more time; the tracker's deadline rule changed, and the obligation
    follows it with the reason recorded.
    """

    type: ClassVar[str] = "DeadlineRetimed"

    due: dt.date
    effective_due: dt.date
    previous_due: dt.date
    reason: str = Field(min_length=1)


class DeadlineMissed(DomainEvent):
    """The effective due date passed with nothing accepted."""

    type: ClassVar[str] = "DeadlineMissed"

    due: dt.date
    effective_due: dt.date


class OverdueNoticeSent(DomainEvent):
    """A notice that the obligation is overdue went to the participant."""

    type: ClassVar[str] = "OverdueNoticeSent"

    days_overdue: int
    message_ids: tuple[str, ...] = ()


class Escalated(DomainEvent):
    """The overdue obligation was raised to the federal coordinator."""

    type: ClassVar[str] = "Escalated"

    days_overdue: int
    message_ids: tuple[str, ...] = ()


class NotificationFailed(DomainEvent):
    """A message could not be delivered (permanent SMTP failure, no contact, invalid address)."""

    type: ClassVar[str] = "NotificationFailed"

    message_id: str
    reason: str


class AnswerRevised(DomainEvent):
    """A newer version of the region's annual form answered an obligation already decided (accepted or
    waived): the decision stands, and the new answer is recorded beside it for the coordinator.

    Recorded by the form's submission on the closed obligation's stream (its workflow has ended), with
    the form's version and the documents that version names.
    """

    type: ClassVar[str] = "AnswerRevised"

    form_version: int = Field(ge=1)
    documents: tuple[SubmittedDocument, ...] = Field(min_length=1)
    decision: ObligationState


class ObligationClosed(DomainEvent):
    """The obligation's workflow ended in a final state."""

    type: ClassVar[str] = "ObligationClosed"

    final_state: ObligationState


EVENT_TYPES: tuple[type[DomainEvent], ...] = (
    ObligationOpened,
    ReminderSent,
    DocumentSubmitted,
    SubmissionAccepted,
    SubmissionReturned,
    ObligationWaived,
    DeadlineExtended,
    DeadlineRetimed,
    DeadlineMissed,
    OverdueNoticeSent,
    Escalated,
    NotificationFailed,
    AnswerRevised,
    ObligationClosed,
)
