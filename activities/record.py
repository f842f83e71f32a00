"""The recording activity: appends one workflow step's event to the event store, idempotently.

The event id comes from the workflow (workflow id + run id + step name), so a retried or repeated
activity finds its event already there and writes nothing twice.
"""

from __future__ import annotations

import threading

from temporalio import activity

from domain.record_request import RecordRequest
from eci.settings import Settings
from store.event_store import EventStore
from store.records import NewEvent


class RecordActivities:
    """Activities that write to the event store; the store is opened once per worker, on first use."""

    def __init__(self, settings: Settings) -> None:
        self._url = settings.effective_database_url
        self._store: EventStore | None = None
        self._lock = threading.Lock()

    def store(self) -> EventStore:
        """The worker's event store (sync SQLAlchemy; activities run in a thread pool)."""
        with self._lock:
            if self._store is None:
                self._store = EventStore.open(self._url)
            return self._store

    def close(self) -> None:
        """Release the store's connections."""
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    @activity.defn(name="record_event")
    def record_event(self, request: RecordRequest) -> int:
        """Append the event (a no-op when its id is already recorded); returns its stream version."""
        new = NewEvent(request.event(), request.event_id, request.metadata, request.occurred_at)
        recorded = self.store().append(request.stream, [new])
        return recorded[0].version if recorded else 0
