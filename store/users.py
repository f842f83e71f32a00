"""Who may act, as the store's `users/…` streams say now (the fold is `domain.identity.users.fold_users`)."""

from __future__ import annotations

import threading

from domain.identity.events import USERS_PREFIX
from domain.identity.users import User, fold_users
from store.event_store import EventStore
from store.records import RecordedEvent


def read_users(store: EventStore) -> dict[str, User]:
    """Every login ever added (removed ones flagged), from the store."""
    return fold_users((e.event, e.recorded_at) for e in store.read_prefix(USERS_PREFIX))


class LiveUsers:
    """`read_users` for a process that asks on every signed update: the fold is kept between calls,
    and each call reads only the users' events appended since the last one it folded.

    Every call still asks the store, so a key revoked or a role removed a moment ago counts for the very
    next update. The event the fold ended at is read again with the new ones: if the store no longer
    holds it (a database recreated at the same address), everything is folded afresh.
    """

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._users: dict[str, User] = {}
        self._last: tuple[int, str] | None = None  # position and hash of the last event folded
        self._lock = threading.Lock()

    def current(self) -> dict[str, User]:
        """Every login ever added, as the store says now (do not change the dict: it is shared)."""
        with self._lock:
            if self._last is not None:
                fresh = self.store.read_prefix(USERS_PREFIX, from_position=self._last[0])
                if fresh and (fresh[0].position, fresh[0].hash) == self._last:
                    if len(fresh) > 1:
                        self._fold(fresh[1:], self._users)
                    return self._users
            self._fold(self.store.read_prefix(USERS_PREFIX), {})
            return self._users

    def _fold(self, events: list[RecordedEvent], start: dict[str, User]) -> None:
        self._users = fold_users(((e.event, e.recorded_at) for e in events), start)
        self._last = (events[-1].position, events[-1].hash) if events else None
