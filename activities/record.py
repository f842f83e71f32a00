"""The recording activity: appends one workflow step's event to the event store, idempotently.

The event id comes from the workflow (workflow id + run id + step name), so a retried or repeated
activity finds its event already there and writes nothing twice. Appends that arrive while a
transaction runs are committed together in the next one (group commit): each activity still returns
only once its own event is committed. Every event is sealed with the worker's key as it is appended
(`store.sealing`): signing happens here, in the activity, never in the deterministic workflow.
"""

from __future__ import annotations

import threading

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.record_batch import AppendBatcher
from config.settings import Settings
from domain.eventing.record_request import RecordRequest
from domain.identity.signer import SignerCheck
from domain.obligation.replay_guard import STALE_VERSION, stale_message
from store.errors import ConcurrencyConflict
from store.event_store import EventStore
from store.records import NewEvent
from store.sealing import Sealer
from workflows.names import RECORD_ACTIVITY


class RecordActivities:
    """Activities that write to the event store; the store is opened once per worker, on first use."""

    def __init__(self, settings: Settings, sealer: Sealer | None = None) -> None:
        self._url = settings.effective_database_url
        self._sealer = sealer
        self._store: EventStore | None = None
        self._lock = threading.Lock()
        self._batcher = AppendBatcher(self.store)

    def store(self) -> EventStore:
        """The worker's event store (sync SQLAlchemy, written from the batcher's thread)."""
        with self._lock:
            if self._store is None:
                self._store = EventStore.open(self._url, sealer=self._sealer)
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
        fails with `SIGNER_REFUSED` and nothing is written (`activities.record_signer`). It is appended
        only at the stream version its signer saw; otherwise the step fails, for good, with
        `STALE_VERSION` and the message the person reads (nothing is written)."""
        new = NewEvent(request.event(), request.event_id, request.metadata, request.occurred_at)
        signer = SignerCheck.of(request.metadata) if request.check_signer else None
        try:
            return await self._batcher.append(request.stream, new, signer, request.expected_version)
        except ConcurrencyConflict as exc:
            message = stale_message(exc.expected, exc.actual)
            raise ApplicationError(message, type=STALE_VERSION, non_retryable=True) from None
