"""Walks the global chain and names the first row that was changed, deleted or reordered."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Engine

from store.chain import GENESIS, canonical_row, chain_hash
from store.engine import Dialect, read_cursor
from store.projection_writer import PROJECTION

_FETCH = 5000
# Row columns (see `_rows`) in the order `canonical_row` takes them.
_FIELDS = itemgetter(1, 7, 8, 6, 0, 9, 5, 2, 4, 3)


def _hash_of(prev_hash: str, row: tuple[Any, ...]) -> str | None:
    try:
        return chain_hash(prev_hash, canonical_row(*_FIELDS(row)))
    except Exception:
        return None


class ChainReport(BaseModel):
    """The verdict: ok with the head, or the first bad position and why."""

    ok: bool
    events: int
    head_position: int | None = None
    head: str | None = None
    position: int | None = None
    reason: str | None = None
    signatures: int | None = None  # people's signatures that hold (set once they were checked)
    signatures_checked: bool | None = None  # False: Ed25519 not checked, `cryptography` is missing
    seals: int | None = None  # writers' seals that hold
    unsealed_before_sealing: int | None = None  # events of a log begun before sealing, before the first seal
    founder: dict[str, Any] | None = None  # the founding admin: login, key id, key fingerprint

    def public(self) -> dict[str, Any]:
        """The JSON `eci audit verify` prints."""
        extra: dict[str, Any] = {}
        if self.signatures or self.seals:  # a log with nothing signed keeps its earlier shape
            extra = {"signatures": self.signatures, "signatures_checked": self.signatures_checked}
        for name in ("seals", "unsealed_before_sealing", "founder"):
            if getattr(self, name):
                extra[name] = getattr(self, name)
        if self.ok:
            head = {"head_position": self.head_position, "head": self.head}
            return {"ok": True, "events": self.events, **head, **extra}
        return {"ok": False, "position": self.position, "reason": self.reason, "events": self.events}


def _rows(cur: Any, dialect: Dialect) -> Iterator[tuple[Any, ...]]:
    cur.execute(
        "SELECT position, event_id, stream, version, type, schema_version, "
        f"{dialect.json_text('payload')}, {dialect.json_text('metadata')}, "
        f"{dialect.ts_text('occurred_at')}, {dialect.ts_text('recorded_at')}, prev_hash, hash "
        "FROM events ORDER BY position"
    )
    while rows := cur.fetchmany(_FETCH):
        yield from rows


def _check(expected: int, prev_hash: str, row: tuple[Any, ...]) -> str | None:
    """Why this row breaks the chain, or None."""
    if row[0] != expected:
        return f"position {expected} is missing (next stored position is {row[0]})"
    if row[10] != prev_hash:
        return "prev_hash does not match the hash of the previous event"
    try:
        computed = chain_hash(prev_hash, canonical_row(*_FIELDS(row)))
    except Exception as exc:  # a tampered value of the wrong type is a broken row, not a crash
        return f"row cannot be read: {exc}"
    if computed != row[11]:
        return "hash does not match the row's contents"
    return None


def verify_chain(
    engine: Engine, dialect: Dialect, leaves: Callable[[str], object] | None = None
) -> ChainReport:
    """Recompute every hash in position order; stop at the first bad row.

    `leaves` is handed each verified row's hash in order (the Merkle tree is built in the same pass)."""
    prev_hash = GENESIS
    count = 0
    with read_cursor(engine, dialect) as cur:
        named = _named_cursor(cur, dialect)
        for row in _rows(named, dialect):
            expected = count + 1
            # The common case inline (a million rows a minute matter); `_check` explains a failure.
            if row[0] != expected or row[10] != prev_hash or _hash_of(prev_hash, row) != row[11]:
                reason = _check(expected, prev_hash, row) or "hash does not match the row's contents"
                return ChainReport(ok=False, events=count, position=expected, reason=reason)
            prev_hash = row[11]
            count = expected
            if leaves is not None:
                leaves(prev_hash)
        cur.execute(dialect.sql("SELECT position FROM projection_positions WHERE name = ?"), (PROJECTION,))
        seen = cur.fetchone()
    if seen is not None and int(seen[0]) > count:
        return ChainReport(
            ok=False,
            events=count,
            position=count + 1,
            reason=f"events after position {count} are missing (projections have seen position {seen[0]})",
        )
    if count == 0:
        return ChainReport(ok=True, events=0, head_position=0, head=GENESIS)
    return ChainReport(ok=True, events=count, head_position=count, head=prev_hash)


def _named_cursor(cur: Any, dialect: Dialect) -> Any:
    """PostgreSQL streams through a server-side cursor; SQLite cursors already stream."""
    if dialect.is_sqlite:
        return cur
    named = cur.connection.cursor(name="eci_verify")
    named.itersize = _FETCH
    return named
