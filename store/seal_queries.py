"""Reads for checking transaction seals (`store.sealing`): where they begin, and the rows a check needs."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Engine

from store.engine import Dialect, read_cursor

_BATCH = 5000


def transaction_seals_from(engine: Engine, dialect: Dialect) -> int | None:
    """The first position the log's first transaction seal covers, None when it has none."""
    with read_cursor(engine, dialect) as cur:
        cur.execute("SELECT position, seal FROM events WHERE seal IS NOT NULL ORDER BY position LIMIT 1")
        row = cur.fetchone()
    if row is None:
        return None
    try:
        first = json.loads(row[1]).get("first")
    except (ValueError, AttributeError):  # a malformed seal: the checker names it at its own row
        first = None
    return first if isinstance(first, int) and 0 < first < int(row[0]) else int(row[0])


def iter_signature_rows(
    engine: Engine, dialect: Dialect, types: Sequence[str], from_position: int
) -> Iterator[dict[str, Any]]:
    """From `from_position` on, in position order, the rows a signature check reads, as export lines:
    the events of `types` whole, and of every other row that carries a transaction seal all but its
    payload and metadata (which its seal does not need)."""
    marks = ", ".join("?" * len(types))
    select = dialect.sql(
        "SELECT position, event_id, stream, version, type, schema_version, "
        f"CASE WHEN type IN ({marks}) THEN {dialect.json_text('payload')} END, "
        f"CASE WHEN type IN ({marks}) THEN {dialect.json_text('metadata')} END, "
        f"{dialect.ts_text('occurred_at')}, {dialect.ts_text('recorded_at')}, prev_hash, hash, seal "
        f"FROM events WHERE position > ? AND (seal IS NOT NULL OR type IN ({marks})) "
        f"ORDER BY position LIMIT {_BATCH}"
    )
    last = from_position - 1
    while True:
        with read_cursor(engine, dialect) as cur:
            cur.execute(select, (*types, *types, last, *types))
            batch = cur.fetchall()
        for row in batch:
            yield {
                "position": int(row[0]), "event_id": str(row[1]), "stream": row[2], "version": int(row[3]),
                "type": row[4], "schema_version": int(row[5]),
                "payload": None if row[6] is None else json.loads(row[6]),
                "metadata": None if row[7] is None else json.loads(row[7]),
                "occurred_at": str(row[8]), "recorded_at": str(row[9]), "prev_hash": row[10],
                "hash": row[11], "seal": row[12],
            }  # fmt: skip
        if len(batch) < _BATCH:
            return
        last = int(batch[-1][0])


def stored_row(engine: Engine, dialect: Dialect, position: int) -> dict[str, Any] | None:
    """The stored `hash` and `type` at a position, None when the log has no such position."""
    with read_cursor(engine, dialect) as cur:
        cur.execute(dialect.sql("SELECT hash, type FROM events WHERE position = ?"), (position,))
        row = cur.fetchone()
    return None if row is None else {"hash": str(row[0]), "type": str(row[1])}
