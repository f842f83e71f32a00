"""What goes into the store (`NewEvent`) and what comes out (`RecordedEvent`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.event_metadata import EventMetadata
from domain.event_registry import validate_payload
from domain.events import DomainEvent


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to append: the caller picks the id (retries reuse it) and the business time."""

    event: DomainEvent
    event_id: UUID
    metadata: EventMetadata
    occurred_at: dt.datetime

    def __post_init__(self) -> None:
        if self.occurred_at.tzinfo is None:
            raise ValueError("occurred_at must be timezone-aware")

    @classmethod
    def from_payload(
        cls,
        event_type: str,
        payload: dict[str, Any],
        *,
        event_id: UUID,
        metadata: EventMetadata,
        occurred_at: dt.datetime,
    ) -> NewEvent:
        """Build from an untrusted type name and payload; DomainError if either is wrong."""
        return cls(validate_payload(event_type, payload), event_id, metadata, occurred_at)


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """A stored event with its place in the global chain."""

    position: int
    event_id: UUID
    stream: str
    version: int
    type: str
    schema_version: int
    event: DomainEvent
    metadata: EventMetadata
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    prev_hash: str
    hash: str
