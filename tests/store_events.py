"""Builders of domain events and `NewEvent`s for event-store tests."""

from __future__ import annotations

import datetime as dt
import uuid

from domain.actors import SYSTEM, Actor
from domain.documents import DocumentDetails, DocumentKind, StoredFile, SubmittedDocument
from domain.eventing.base import DomainEvent
from domain.eventing.metadata import EventMetadata
from domain.obligation.events import (
    DeadlineMissed,
    DocumentSubmitted,
    ObligationOpened,
    ReminderSent,
    SubmissionAccepted,
    SubmissionReturned,
)
from store.records import NewEvent

T0 = dt.datetime(2023, 3, 1, 9, 0, tzinfo=dt.UTC)


def stream_of(obligation_id: str) -> str:
    """The stream of an obligation id."""
    return f"obligation/{obligation_id}"


def new(event: DomainEvent, at: dt.datetime = T0, actor: Actor = SYSTEM) -> NewEvent:
    """Wrap an event with a fresh id and the actor's metadata."""
    return NewEvent(event, uuid.uuid4(), EventMetadata.for_actor(actor, cause="test"), at)


def opened(obligation_id: str = "2023/05/77") -> ObligationOpened:
    """An obligation due at the end of 2023."""
    cycle, measure, participant = obligation_id.split("/", 2)
    return ObligationOpened(
        obligation_id=obligation_id,
        cycle=int(cycle),
        measure=int(measure),
        participant=participant,
        due=dt.date(2023, 12, 31),
        effective_due=dt.date(2024, 1, 9),
    )


def reminder(obligation_id: str = "2023/05/77", days: int = 30) -> ReminderSent:
    """A reminder `days` before the due date."""
    return ReminderSent(obligation_id=obligation_id, days_before=days, due=dt.date(2023, 12, 31))


def document(seed: int = 1) -> SubmittedDocument:
    """A submitted order with a made-up file fingerprint."""
    return SubmittedDocument(
        details=DocumentDetails(
            kind=DocumentKind.ORDER, number=f"{seed}-п", date=dt.date(2023, 5, 1), issuer="Минздрав области"
        ),
        file=StoredFile(
            sha256=f"{seed:064x}", size=100 + seed, media_type="application/pdf", filename="order.pdf"
        ),
    )


def submitted(obligation_id: str = "2023/05/77", seed: int = 1) -> DocumentSubmitted:
    """A submission of one document."""
    return DocumentSubmitted(obligation_id=obligation_id, documents=(document(seed),))


def accepted(obligation_id: str = "2023/05/77") -> SubmissionAccepted:
    """The coordinator's acceptance."""
    return SubmissionAccepted(obligation_id=obligation_id)


def returned(obligation_id: str = "2023/05/77") -> SubmissionReturned:
    """The coordinator's return for rework."""
    return SubmissionReturned(obligation_id=obligation_id, reason="нет реквизитов")


def missed(obligation_id: str = "2023/05/77") -> DeadlineMissed:
    """The deadline passed."""
    return DeadlineMissed(
        obligation_id=obligation_id, due=dt.date(2023, 12, 31), effective_due=dt.date(2024, 1, 9)
    )

