"""Facts brought in from a prior-period spreadsheet: what happened before the tracker recorded it.

Each `*Imported` event is recorded with `occurred_at` = the business date it reports (the store sets
`recorded_at` itself, so an import never forges when it was written). Every event carries its
provenance: the file's name and SHA-256 and the line it came from; who imported goes in the metadata.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from domain.documents import DocumentDetails
from domain.eventing.base import DomainEvent
from domain.obligation.events import Milestone
from domain.obligation.states import ObligationState


class ImportSource(BaseModel):
    """Where an imported fact came from: file name, SHA-256 of its bytes, line number."""

    model_config = ConfigDict(frozen=True)

    file_name: str = Field(min_length=1, max_length=255)
    file_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    line: int = Field(ge=1)


class ObligationImported(DomainEvent):
    """An obligation of a prior period, brought in with its plan dates and the state the file reports."""

    type: ClassVar[str] = "ObligationImported"

    cycle: int
    measure: int
    participant: str
    due: dt.date
    effective_due: dt.date
    milestones: tuple[Milestone, ...] = ()
    reported_state: ObligationState
    source: ImportSource


class SubmissionImported(DomainEvent):
    """A submission made before the tracker: document details only, the file was never stored here."""

    type: ClassVar[str] = "SubmissionImported"

    submitted_on: dt.date
    documents: tuple[DocumentDetails, ...] = Field(min_length=1)
    resubmission: bool = False
    source: ImportSource


class ReturnImported(DomainEvent):
    """A submission the coordinator returned for rework before the tracker."""

    type: ClassVar[str] = "ReturnImported"

    returned_on: dt.date
    reason: str = Field(min_length=1)
    source: ImportSource


class AcceptanceImported(DomainEvent):
    """A submission the coordinator accepted before the tracker."""

    type: ClassVar[str] = "AcceptanceImported"

    accepted_on: dt.date
    source: ImportSource


class WaiverImported(DomainEvent):
    """An obligation the coordinator lifted before the tracker."""

    type: ClassVar[str] = "WaiverImported"

    waived_on: dt.date
    reason: str = Field(min_length=1)
    source: ImportSource


class DeadlineMissedImported(DomainEvent):
    """The effective due date passed with nothing accepted, as the imported history shows."""

    type: ClassVar[str] = "DeadlineMissedImported"

    due: dt.date
    effective_due: dt.date
    source: ImportSource


IMPORTED_EVENT_TYPES: tuple[type[DomainEvent], ...] = (
    ObligationImported,
    SubmissionImported,
    ReturnImported,
    AcceptanceImported,
    WaiverImported,
    DeadlineMissedImported,
)
