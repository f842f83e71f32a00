"""Walks the global chain and names the first row that was changed, deleted or reordered.

A failure's `reason` is Russian, for the person running the audit; its `code` is the stable English name
of the check (the audit bundle's verifier uses the same codes for the same faults)."""

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
# The text columns of a row (see `_rows`), by their Russian names: the first that is not text is named.
_TEXT_COLUMNS = (
    (1, "идентификатор события"), (2, "поток"), (4, "тип события"), (6, "данные события"),
    (7, "метаданные"), (8, "время события"), (9, "время записи"),
)  # fmt: skip
CHANGED = "хеш не совпадает с содержимым строки: событие изменено"


def chain_columns(dialect: Dialect) -> str:
    """The columns of a row as the chain's walk reads them (`iter_chain_rows` names them)."""
    return (
        "position, event_id, stream, version, type, schema_version, "
        f"{dialect.json_text('payload')}, {dialect.json_text('metadata')}, "
        f"{dialect.ts_text('occurred_at')}, {dialect.ts_text('recorded_at')}, prev_hash, hash, seal"
    )


def row_hash(prev_hash: str, row: tuple[Any, ...]) -> str | None:
    """The chain hash of a row read with `chain_columns` after `prev_hash`; None if it cannot be read."""
    try:
        return chain_hash(prev_hash, canonical_row(*_FIELDS(row)))
    except Exception:
        return None


class ChainReport(BaseModel):
    """The verdict: ok with the head, or the first bad position, why (Russian) and the check's code."""

    ok: bool
    events: int
    head_position: int | None = None
    head: str | None = None
    position: int | None = None
    reason: str | None = None
    code: str | None = None  # e.g. hash_mismatch, seal_invalid, checkpoint_not_extended
    signatures: int | None = None  # people's signatures that hold (set once they were checked)
    signatures_checked: bool | None = None  # False: Ed25519 not checked, `cryptography` is missing
    seals: int | None = None  # writers' seals that hold
    unsealed_before_sealing: int | None = None  # events of a log begun before sealing, before the first seal
    founder: dict[str, Any] | None = None  # the founding admin: login, key id, key fingerprint
    # The first N events' seals and signatures were not checked again: their log extends a checkpoint the
    # auditor verified in full before (`eci audit verify --verified FILE`).
    trusted_through: int | None = None

    def public(self) -> dict[str, Any]:
        """The JSON `eci audit verify` prints."""
        extra: dict[str, Any] = {}
        if self.signatures or self.seals:  # a log with nothing signed keeps its earlier shape
            extra = {"signatures": self.signatures, "signatures_checked": self.signatures_checked}
        for name in ("seals", "unsealed_before_sealing", "founder", "trusted_through"):
            if getattr(self, name):
                extra[name] = getattr(self, name)
        if self.ok:
            head = {"head_position": self.head_position, "head": self.head}
            return {"ok": True, "events": self.events, **head, **extra}
        failed = {"ok": False, "position": self.position, "reason": self.reason, "code": self.code}
        return {**failed, "events": self.events}


def _rows(cur: Any, dialect: Dialect) -> Iterator[tuple[Any, ...]]:
    cur.execute(f"SELECT {chain_columns(dialect)} FROM events ORDER BY position")
    while rows := cur.fetchmany(_FETCH):
        yield from rows


def iter_chain_rows(engine: Engine, dialect: Dialect) -> Iterator[tuple[Any, ...]]:
    """Every row as the chain's walk reads it (position, event id, stream, version, type, schema version,
    payload and metadata as canonical text, business and recording time as text, prev_hash, hash, seal),
    in position order, not checked."""
    with read_cursor(engine, dialect) as cur:
        yield from _rows(_named_cursor(cur, dialect), dialect)


def _check(expected: int, prev_hash: str, row: tuple[Any, ...]) -> tuple[str, str] | None:
    """Why this row breaks the chain (code, Russian reason), or None."""
    if row[0] != expected:
        gap = f"позиции {expected} нет, следующая записанная — {row[0]}: событие удалено или переставлено"
        return "position_gap", gap
    if row[10] != prev_hash:
        before = f"события на позиции {expected - 1}" if expected > 1 else "начала цепочки (64 нуля)"
        stated = "хеш предыдущего события, записанный в строке,"
        return "prev_hash_mismatch", f"{stated} не совпадает с хешем {before}"
    try:
        computed = chain_hash(prev_hash, canonical_row(*_FIELDS(row)))
    except Exception:  # a tampered value of the wrong type is a broken row, not a crash
        column = next((name for n, name in _TEXT_COLUMNS if not isinstance(row[n], str)), None)
        why = f"столбец «{column}» — не текст" if column else "значение неверного вида"
        return "row_unreadable", f"строку не удаётся прочитать: {why}"
    if computed != row[11]:
        return "hash_mismatch", CHANGED
    return None


def verify_chain(
    engine: Engine,
    dialect: Dialect,
    leaves: Callable[[str], object] | None = None,
    rows: Callable[[tuple[Any, ...]], object] | None = None,
) -> ChainReport:
    """Recompute every hash in position order; stop at the first bad row.

    `leaves` is handed each verified row's hash in order (the Merkle tree is built in the same pass),
    `rows` each verified row (`iter_chain_rows`' columns: the seals are checked in the same pass)."""
    prev_hash = GENESIS
    count = 0
    with read_cursor(engine, dialect) as cur:
        named = _named_cursor(cur, dialect)
        for row in _rows(named, dialect):
            expected = count + 1
            # The common case inline (a million rows a minute matter); `_check` explains a failure.
            if row[0] != expected or row[10] != prev_hash or row_hash(prev_hash, row) != row[11]:
                code, reason = _check(expected, prev_hash, row) or ("hash_mismatch", CHANGED)
                return ChainReport(ok=False, events=count, position=expected, reason=reason, code=code)
            prev_hash = row[11]
            count = expected
            if leaves is not None:
                leaves(prev_hash)
            if rows is not None:
                rows(row)
        cur.execute(dialect.sql("SELECT position FROM projection_positions WHERE name = ?"), (PROJECTION,))
        seen = cur.fetchone()
    if seen is not None and int(seen[0]) > count:
        return ChainReport(
            ok=False,
            events=count,
            position=count + 1,
            reason=f"события после позиции {count} удалены: проекции уже учли позицию {seen[0]}",
            code="tail_missing",
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
