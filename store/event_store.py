"""The event store: an append-only, hash-chained log of domain events on SQLite or PostgreSQL.

Appends are serialised (SQLite `BEGIN IMMEDIATE`, PostgreSQL transaction advisory lock) so the global
chain never forks; projections are updated in the same transaction, so they are current when `append`
returns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from domain.event_metadata import EventMetadata
from store.records import NewEvent, RecordedEvent

__all__ = ["EventMetadata", "EventStore", "NewEvent", "RecordedEvent"]


class EventStore:
    """One database's events and projections; thread-safe, one instance per process is enough."""

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> EventStore:
        """Connect to `url` (upgrading its schema unless `migrate` is false)."""
        raise NotImplementedError

    def append(
        self, stream: str, events: Sequence[NewEvent], expected_version: int | None = None
    ) -> list[RecordedEvent]:
        """Append events to `stream` atomically; re-appending stored event ids returns the stored events."""
        raise NotImplementedError

    def read_stream(self, stream: str) -> list[RecordedEvent]:
        """The stream's events in version order."""
        raise NotImplementedError

    def read_all(self, from_position: int = 0) -> Iterator[RecordedEvent]:
        """Every event after `from_position`, in position order, fetched in batches."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the connections."""
        raise NotImplementedError
