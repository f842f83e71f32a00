"""Who may act, as the store's `users/…` streams say now (the fold is `domain.identity.users.fold_users`)."""

from __future__ import annotations

from domain.identity.events import USERS_PREFIX
from domain.identity.users import User, fold_users
from store.event_store import EventStore


def read_users(store: EventStore) -> dict[str, User]:
    """Every login ever added (removed ones flagged), from the store."""
    return fold_users((e.event, e.recorded_at) for e in store.read_prefix(USERS_PREFIX))
