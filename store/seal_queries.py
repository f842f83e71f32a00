"""Reads for checking transaction seals (`store.sealing`): where they begin, a stored row's hash and type."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine

from store.engine import Dialect, read_cursor


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


def stored_row(engine: Engine, dialect: Dialect, position: int) -> dict[str, Any] | None:
    """The stored `hash` and `type` at a position, None when the log has no such position."""
    with read_cursor(engine, dialect) as cur:
        cur.execute(dialect.sql("SELECT hash, type FROM events WHERE position = ?"), (position,))
        row = cur.fetchone()
    return None if row is None else {"hash": str(row[0]), "type": str(row[1])}
