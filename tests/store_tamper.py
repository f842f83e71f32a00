"""Tampering as an attacker with the database owner's rights would: first remove the append-only guard.

The events table refuses UPDATE and DELETE (migration 0005); an owner can drop or disable that guard,
and the tests that prove the hash chain still exposes the change do exactly that first.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import text

SQLITE_GUARDS = ("events_refuse_update", "events_refuse_delete")


def unguard(conn: Any) -> None:
    """Drop (SQLite) or disable (PostgreSQL) the events table's append-only trigger on this connection."""
    if isinstance(conn, sqlite3.Connection):
        for name in SQLITE_GUARDS:
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        return
    if conn.dialect.name == "sqlite":
        for name in SQLITE_GUARDS:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    else:
        conn.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
