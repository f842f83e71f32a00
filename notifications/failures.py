"""Permanent delivery failures become `NotificationFailed` events on the obligation's stream."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Protocol

from domain.actors import SYSTEM
from domain.eventing.metadata import EventMetadata
from domain.obligation.events import NotificationFailed
from domain.obligation.id import ObligationId
from store.event_store import EventStore
from store.records import NewEvent

# event ids derive from (Message-ID, cause), so a retried activity appends the same event, not a second one
_FAILURE_NAMESPACE = uuid.UUID("6f1c1a52-8a0e-4f55-9a77-2f0c3e6b5d10")


@dataclass(frozen=True)
class Failure:
    """One message that could not be delivered, and why."""

    obligation_id: str
    message_id: str
    reason: str
    cause: str


class FailureLog(Protocol):
    """Where failures go (the event store in production)."""

    def record(self, failure: Failure, at: dt.datetime) -> None:
        """Record the failure once (idempotent)."""
        ...


def failure_event_id(failure: Failure) -> uuid.UUID:
    """The stable event id of a failure."""
    return uuid.uuid5(_FAILURE_NAMESPACE, f"{failure.message_id}\x00{failure.cause}")


class EventStoreFailureLog:
    """Appends `NotificationFailed` through the event store (idempotent by event id)."""

    def __init__(self, store: EventStore) -> None:
        self._store = store

    def record(self, failure: Failure, at: dt.datetime) -> None:
        """Append the failure to its obligation's stream."""
        event = NotificationFailed(
            obligation_id=failure.obligation_id, message_id=failure.message_id, reason=failure.reason[:1000]
        )
        metadata = EventMetadata.for_actor(SYSTEM, workflow_id=None, cause=f"mail:{failure.cause}")
        stream = ObligationId.parse(failure.obligation_id).stream
        self._store.append(stream, [NewEvent(event, failure_event_id(failure), metadata, at)])


@dataclass
class MemoryFailureLog:
    """Keeps failures in a list (tests, benchmarks)."""

    failures: list[Failure]

    def record(self, failure: Failure, at: dt.datetime) -> None:
        """Remember the failure unless it is already known."""
        if failure not in self.failures:
            self.failures.append(failure)
