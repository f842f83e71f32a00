"""Who may act, as the store's `users/…` streams say now (the fold is `domain.users.fold_users`)."""

from __future__ import annotations

from domain.events_users import USERS_PREFIX
from domain.users import User, fold_users
from store.event_store import EventStore


def read_users(store: EventStore) -> dict[str, User]:
    """Every login ever added (removed ones flagged), from the store."""
    return fold_users((e.event, e.recorded_at) for e in store.read_prefix(USERS_PREFIX))
