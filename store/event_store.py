"""The event store: an append-only, hash-chained log of domain events on SQLite or PostgreSQL.

Appends are serialised (SQLite `BEGIN IMMEDIATE`, PostgreSQL transaction advisory lock) so the global
chain never forks; projections are updated in the same transaction, so they are current when `append`
returns.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from types import TracebackType
from typing import Any
from uuid import UUID

from sqlalchemy import Engine

from domain.eventing.metadata import EventMetadata
from domain.eventing.registry import event_types
from store.append import EVENT_COLUMNS, Batch, insert_events, plan_batches, row_to_event, validate_batch
from store.engine import Dialect, make_engine, pipeline, read_cursor, write_transaction
from store.errors import NoStore, SchemaMismatch
from store.gc_pause import collector_paused
from store.migrate import schema_state, upgrade
from store.projection_writer import StatusCache, plan_projection, write_projection
from store.records import NewEvent, RecordedEvent
from store.sealing import Sealer, SealSession

__all__ = ["Batch", "EventMetadata", "EventStore", "NewEvent", "RecordedEvent"]


class EventStore:
    """One database's events and projections; thread-safe, one instance per process is enough."""

    def __init__(self, url: str, engine: Engine, sealer: Sealer | None = None) -> None:
        self.url = url
        self.engine = engine
        self.dialect = Dialect(engine.dialect.name)
        self._cache = StatusCache()
        # The writer's key: every transaction this store appends is sealed with it (None: left unsealed).
        self.sealer = sealer
        # One seal session per writer's key, for this store's lifetime (`store.sealing`).
        self._sessions: weakref.WeakKeyDictionary[Any, SealSession] = weakref.WeakKeyDictionary()
        self._sessions_lock = threading.Lock()

    @classmethod
    def open(cls, url: str, *, migrate: bool = True, sealer: Sealer | None = None) -> EventStore:
        """Connect to `url` (upgrading its schema unless `migrate` is false); appends are sealed by
        `sealer`."""
        engine = make_engine(url)
        try:
            state = schema_state(engine)
            if state != "current":
                if not migrate and state == "empty":
                    raise NoStore(
                        f"в {engine.url!r} нет хранилища событий: создайте его командой `eci db init`",
                        "no_store",
                    )
                if not migrate:
                    raise SchemaMismatch(
                        "схема хранилища событий устарела: обновите её командой `eci db upgrade`",
                        "schema_behind",
                    )
                upgrade(url)
        except BaseException:
            engine.dispose()
            raise
        # Every read and append checks event types against the registry; loading it here keeps that
        # one-time import out of the first append's transaction.
        event_types()
        return cls(url, engine, sealer)

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def append(
        self,
        stream: str,
        events: Sequence[NewEvent],
        expected_version: int | None = None,
        *,
        sealer: Sealer | None = None,
    ) -> list[RecordedEvent]:
        """Append events to `stream` atomically; re-appending stored event ids returns the stored events.

        `sealer` seals these events instead of the store's own (an admin's key for changes to users)."""
        return self.append_many([Batch(stream, events, expected_version)], sealer=sealer)[0]

    def append_many(
        self, batches: Sequence[Batch], *, sealer: Sealer | None = None
    ) -> list[list[RecordedEvent]]:
        """Append several streams' batches in one transaction: all are recorded, or none."""
        for batch in batches:
            validate_batch(batch)
        if not any(batch.events for batch in batches):
            return [[] for _ in batches]
        session = self._session(sealer or self.sealer)
        with collector_paused():
            try:
                return self._append(batches, session, check_all=False)
            except self.engine.dialect.loaded_dbapi.IntegrityError:
                # An event id beyond the first 500 was already stored: redo, returning stored copies.
                return self._append(batches, session, check_all=True)

    def _session(self, sealer: Sealer | None) -> SealSession | None:
        if sealer is None:
            return None
        with self._sessions_lock:
            session = self._sessions.get(sealer)
            if session is None:
                session = self._sessions[sealer] = SealSession(sealer)
        return session

    def _append(
        self, batches: Sequence[Batch], session: SealSession | None, *, check_all: bool
    ) -> list[list[RecordedEvent]]:
        with (
            session.sealing() if session is not None else nullcontext(None) as seals,
            write_transaction(self.engine, self.dialect) as cur,
        ):
            planned = plan_batches(cur, self.dialect, batches, check_all=check_all)
            changes = plan_projection(cur, self.dialect, planned.fresh, self._cache)
            rows = planned.rows if seals is None else seals.seal(planned.rows)
            with pipeline(cur, self.dialect):
                insert_events(cur, self.dialect, rows)
                write_projection(cur, self.dialect, changes)
        for obligation_id, version, status in changes.folded:  # only what is committed may be cached
            self._cache.put(obligation_id, version, status)
        return planned.results

    def read_stream(self, stream: str) -> list[RecordedEvent]:
        """The stream's events in version order."""
        with read_cursor(self.engine, self.dialect) as cur:
            cur.execute(
                self.dialect.sql(f"SELECT {EVENT_COLUMNS} FROM events WHERE stream = ? ORDER BY version"),
                (stream,),
            )
            return [row_to_event(self.dialect, row) for row in cur.fetchall()]

    def read_prefix(self, prefix: str, from_position: int = 0) -> list[RecordedEvent]:
        """The events of every stream whose name starts with `prefix`, in position order, from
        `from_position` on (that position included)."""
        # A range on the stream column rather than LIKE: both engines use the stream index for it.
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        with read_cursor(self.engine, self.dialect) as cur:
            cur.execute(
                self.dialect.sql(
                    f"SELECT {EVENT_COLUMNS} FROM events"
                    " WHERE stream >= ? AND stream < ? AND position >= ? ORDER BY position"
                ),
                (prefix, upper, from_position),
            )
            return [row_to_event(self.dialect, row) for row in cur.fetchall()]

    def read_all(self, from_position: int = 0, batch_size: int = 1000) -> Iterator[RecordedEvent]:
        """Every event after `from_position`, in position order, fetched in batches."""
        statement = self.dialect.sql(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?"
        )
        last = from_position
        while True:
            with read_cursor(self.engine, self.dialect) as cur:
                cur.execute(statement, (last, batch_size))
                rows = cur.fetchall()
            for row in rows:
                recorded = row_to_event(self.dialect, row)
                last = recorded.position
                yield recorded
            if len(rows) < batch_size:
                return

    def contains(self, event_id: UUID) -> bool:
        """Whether an event with this id is recorded."""
        with read_cursor(self.engine, self.dialect) as cur:
            cur.execute(self.dialect.sql("SELECT 1 FROM events WHERE event_id = ?"), (str(event_id),))
            return cur.fetchone() is not None

    def stream_version(self, stream: str) -> int:
        """The stream's current version (0 if it has no events)."""
        with read_cursor(self.engine, self.dialect) as cur:
            cur.execute(self.dialect.sql("SELECT max(version) FROM events WHERE stream = ?"), (stream,))
            return int(cur.fetchone()[0] or 0)

    def head(self) -> tuple[int, str] | None:
        """Position and hash of the newest event, None for an empty store."""
        with read_cursor(self.engine, self.dialect) as cur:
            cur.execute("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")
            row = cur.fetchone()
            return (int(row[0]), str(row[1])) if row else None

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()
