"""Tampering as an attacker with the database owner's rights would: first remove the append-only guard.

The events table refuses UPDATE and DELETE (migration 0005); an owner can drop or disable that guard,
and the tests that prove the hash chain still exposes the change do exactly that first.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
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


ROW_COLUMNS = (
    "position, event_id, stream, version, type, schema_version, payload, metadata, occurred_at, recorded_at"
)


def rechain(database: Path, position: int, change: Callable[[dict[str, Any]], None]) -> None:
    """Change one row of an SQLite store and recompute every hash from it on, as its owner could.

    `change` gets the row as a dict (`stream`, `type`, `payload` and `metadata` parsed, the rest as stored)
    and alters it in place; the chain is then intact again, and only what the hashes do not cover —
    the seals and the signatures — can tell."""
    from store.chain import canonical_json, canonical_row, chain_hash

    with sqlite3.connect(database) as db:
        unguard(db)
        prev = db.execute("SELECT prev_hash FROM events WHERE position = ?", (position,)).fetchone()[0]
        query = f"SELECT {ROW_COLUMNS} FROM events WHERE position >= ? ORDER BY position"
        for values in db.execute(query, (position,)).fetchall():
            row = dict(zip([c.strip() for c in ROW_COLUMNS.split(",")], values, strict=True))
            row["payload"], row["metadata"] = json.loads(row["payload"]), json.loads(row["metadata"])
            if row["position"] == position:
                change(row)
            payload_json, metadata_json = canonical_json(row["payload"]), canonical_json(row["metadata"])
            digest = chain_hash(prev, canonical_row(
                event_id=row["event_id"], metadata_json=metadata_json, occurred_at=row["occurred_at"],
                payload_json=payload_json, position=row["position"], recorded_at=row["recorded_at"],
                schema_version=row["schema_version"], stream=row["stream"], type_=row["type"],
                version=row["version"],
            ))  # fmt: skip
            db.execute(
                "UPDATE events SET stream = ?, payload = ?, metadata = ?, prev_hash = ?, hash = ? "
                "WHERE position = ?",
                (row["stream"], payload_json, metadata_json, prev, digest, row["position"]),
            )
            prev = digest
