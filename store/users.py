"""Who may act, as the store's `users/…` streams say now: only the changes an admin sealed count
(`domain.identity.authority`), folded by `domain.identity.users.fold_users`'s step."""

from __future__ import annotations

import json

from domain.eventing.seal import seal_text_of_row
from domain.identity.authority import Authority, SealedEntry, authorised
from domain.identity.events import USERS_PREFIX
from domain.identity.users import User
from store.append import EVENT_COLUMNS, row_to_event
from store.engine import read_cursor
from store.event_store import EventStore


def read_authority(store: EventStore) -> Authority:
    """The users' streams folded in log order, keeping only what an admin sealed; with the founder."""
    dialect = store.dialect
    upper = USERS_PREFIX[:-1] + chr(ord(USERS_PREFIX[-1]) + 1)
    statement = dialect.sql(
        f"SELECT {EVENT_COLUMNS}, {dialect.json_text('payload')}, {dialect.json_text('metadata')}, "
        f"{dialect.ts_text('occurred_at')} FROM events WHERE stream >= ? AND stream < ? ORDER BY position"
    )
    with read_cursor(store.engine, dialect) as cur:
        cur.execute(statement, (USERS_PREFIX, upper))
        rows = cur.fetchall()
    entries = []
    for row in rows:
        recorded = row_to_event(dialect, row)
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
        entries.append(SealedEntry(recorded.event, recorded.recorded_at, recorded.metadata.seal, text))
    return authorised(entries)


def read_users(store: EventStore) -> dict[str, User]:
    """Every login an admin ever added (removed ones flagged), from the store."""
    return read_authority(store).users
