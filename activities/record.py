"""The recording activity: appends one workflow step's event to the event store, idempotently.

The event id comes from the workflow (workflow id + run id + step name), so a retried or repeated
activity finds its event already there and writes nothing twice. Appends that arrive while a
transaction runs are committed together in the next one (group commit): each activity still returns
only once its own event is committed.
"""

from __future__ import annotations

import threading

from temporalio import activity

from activities.record_batch import AppendBatcher
from config.settings import Settings
from domain.eventing.record_request import RecordRequest
from domain.identity.signer import SignerCheck
from store.event_store import EventStore
from store.records import NewEvent
from workflows.names import RECORD_ACTIVITY


class RecordActivities:
    """Activities that write to the event store; the store is opened once per worker, on first use."""

    def __init__(self, settings: Settings) -> None:
        self._url = settings.effective_database_url
        self._store: EventStore | None = None
        self._lock = threading.Lock()
        self._batcher = AppendBatcher(self.store)

    def store(self) -> EventStore:
        """The worker's event store (sync SQLAlchemy, written from the batcher's thread)."""
        with self._lock:
            if self._store is None:
                self._store = EventStore.open(self._url)
            return self._store

    def close(self) -> None:
        """Release the store's connections and the batcher's thread."""
        self._batcher.close()
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    @activity.defn(name=RECORD_ACTIVITY)
    async def record_event(self, request: RecordRequest) -> int:
        """Append the event (a no-op when its id is already recorded); returns its stream version.

        A signed action's event names its signer: appended only if they may sign it, else the step
        fails with `SIGNER_REFUSED` and nothing is written (`activities.record_signer`)."""
        new = NewEvent(request.event(), request.event_id, request.metadata, request.occurred_at)
        signer = SignerCheck.of(request.metadata) if request.check_signer else None
        return await self._batcher.append(request.stream, new, signer)
