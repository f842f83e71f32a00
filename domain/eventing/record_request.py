"""What a workflow asks the recording activity to append: one typed event, its id, metadata and time."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict

from domain.eventing.base import DomainEvent
from domain.eventing.metadata import EventMetadata
from domain.eventing.registry import encode_event, validate_payload


class RecordRequest(BaseModel):
    """An event as plain data (type name + payload), so it crosses the workflow boundary intact."""

    model_config = ConfigDict(frozen=True)

    stream: str
    event_id: uuid.UUID
    event_type: str
    payload: dict[str, Any]
    metadata: EventMetadata
    occurred_at: dt.datetime
    # A signed action: the recording step checks the signer its metadata names (login, key, actor, mail)
    # before it appends. False: nothing to check, or checked already by a step of its own, as histories
    # recorded before the two were one step did.
    check_signer: bool = False
    # A signed action is written only at the stream version its signer saw (None: wherever the stream is).
    expected_version: int | None = None

    @classmethod
    def of(
        cls,
        stream: str,
        event_id: uuid.UUID,
        event: DomainEvent,
        metadata: EventMetadata,
        occurred_at: dt.datetime,
        check_signer: bool = False,
        expected_version: int | None = None,
    ) -> RecordRequest:
        """Wrap a typed event."""
        return cls(
            stream=stream,
            event_id=event_id,
            event_type=event.type,
            payload=encode_event(event),
            metadata=metadata,
            occurred_at=occurred_at,
            check_signer=check_signer,
            expected_version=expected_version,
        )

    def event(self) -> DomainEvent:
        """The typed event again (DomainError if the payload does not fit its type)."""
        return validate_payload(self.event_type, self.payload)
