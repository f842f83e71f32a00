"""Who may act, as the store's `users/…` streams say now: only the changes an admin sealed count
(`domain.identity.authority`), folded by `domain.identity.users.fold_users`'s step."""

from __future__ import annotations

import json
import threading

from domain.eventing.metadata import SealRecord
from domain.eventing.seal import seal_text_of_row
from domain.identity.authority import Authority, SealedEntry, authorised
from domain.identity.events import USERS_PREFIX
from domain.identity.users import User
from store.append import EVENT_COLUMNS, row_to_event
from store.engine import read_cursor
from store.event_store import EventStore
from store.records import RecordedEvent
from store.seal_check import transaction_seal

_UPPER = USERS_PREFIX[:-1] + chr(ord(USERS_PREFIX[-1]) + 1)


def _entries(
    store: EventStore, from_position: int = 0, folded: int | None = None
) -> list[tuple[RecordedEvent, SealedEntry]]:
    """The users' events from `from_position` on, each with its seal and the text the seal covers (but
    for the event at `folded`, read again only to see it is still there)."""
    dialect = store.dialect
    statement = dialect.sql(
        f"SELECT {EVENT_COLUMNS}, {dialect.json_text('payload')}, {dialect.json_text('metadata')}, "
        f"{dialect.ts_text('occurred_at')} FROM events "
        "WHERE stream >= ? AND stream < ? AND position >= ? ORDER BY position"
    )
    with read_cursor(store.engine, dialect) as cur:
        cur.execute(statement, (USERS_PREFIX, _UPPER, from_position))
        rows = cur.fetchall()
        covering: dict[int, tuple[SealRecord, str, int] | None] = {}
        entries = []
        for row in rows:
            recorded = row_to_event(dialect, row)
            if recorded.position == folded:
                entries.append((recorded, SealedEntry(recorded.event, recorded.recorded_at, None, "")))
                continue
            if recorded.metadata.seal is not None:  # sealed alone, before transaction seals
                text = seal_text_of_row(
                    {
                        "event_id": str(row[1]),
                        "metadata": json.loads(row[13]),
                        "occurred_at": str(row[14]),
                        "payload": json.loads(row[12]),
                        "schema_version": recorded.schema_version,
                        "stream": recorded.stream,
                        "type": recorded.type,
                    }
                )
                sealed: tuple[SealRecord, str] | None = (recorded.metadata.seal, text)
            else:
                sealed = transaction_seal(cur, dialect, recorded.position, covering)
            seal, text = sealed if sealed is not None else (None, "")
            entries.append((recorded, SealedEntry(recorded.event, recorded.recorded_at, seal, text)))
    return entries


def read_authority(store: EventStore) -> Authority:
    """The users' streams folded in log order, keeping only what an admin sealed; with the founder."""
    return authorised(entry for _, entry in _entries(store))


def read_users(store: EventStore) -> dict[str, User]:
    """Every login an admin ever added (removed ones flagged), from the store."""
    return read_authority(store).users


class LiveUsers:
    """`read_users` for a process that asks on every signed update: the fold is kept between calls,
    and each call reads only the users' events appended since the last one it folded.

    Every call still asks the store, so a key revoked or a role removed a moment ago counts for the very
    next update. The event the fold ended at is read again with the new ones: if the store no longer
    holds it (a database recreated at the same address), everything is folded afresh.
    """

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._authority = Authority()
        self._users: dict[str, User] = {}
        self._last: tuple[int, str] | None = None  # position and hash of the last event folded
        self._lock = threading.Lock()

    def current(self) -> dict[str, User]:
        """Every login an admin ever added, as the store says now (do not change the dict: it is shared)."""
        with self._lock:
            if self._last is not None:
                fresh = _entries(self.store, from_position=self._last[0], folded=self._last[0])
                if fresh and (fresh[0][0].position, fresh[0][0].hash) == self._last:
                    if len(fresh) > 1:
                        self._fold(fresh[1:])
                    return self._users
                self._authority = Authority()
            self._fold(_entries(self.store))
            return self._users

    def _fold(self, entries: list[tuple[RecordedEvent, SealedEntry]]) -> None:
        for _, entry in entries:
            self._authority.take(entry)
        self._users = dict(self._authority.users)  # a new dict: callers may hold the one before
        if entries:
            last = entries[-1][0]
            self._last = (last.position, last.hash)
