"""Read-only queries for reports and audit exports: raw event rows exactly as stored, and the chain head.

Exports need the stored bytes, not the typed events (upcasting would change them), so these read the
`events` table directly, streaming in position order.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from domain.eventing.registry import decode_event_json
from domain.obligation.status import EventRecord
from store.append import EVENT_COLUMNS, row_to_event
from store.engine import Dialect, make_engine, read_cursor
from store.projection_writer import PROJECTION
from store.records import RecordedEvent
from store.seal_queries import transaction_seals_from
from store.verify import chain_columns

_BATCH = 5000


@dataclass(frozen=True)
class RawEventRow:
    """One `events` row with its JSON columns parsed and its timestamps as canonical text."""

    position: int
    event_id: str
    stream: str
    version: int
    type: str
    schema_version: int
    payload: Any
    metadata: Any
    occurred_at: str
    recorded_at: str
    prev_hash: str
    hash: str
    seal: Any = None  # the writer's transaction seal, on the last row it covers (`store.sealing`)

    @classmethod
    def of(cls, row: Sequence[Any]) -> RawEventRow:
        """A row read with `store.verify.chain_columns`."""
        return cls(
            position=int(row[0]),
            event_id=str(row[1]),
            stream=row[2],
            version=int(row[3]),
            type=row[4],
            schema_version=int(row[5]),
            payload=json.loads(row[6]),
            metadata=json.loads(row[7]),
            occurred_at=str(row[8]),
            recorded_at=str(row[9]),
            prev_hash=row[10],
            hash=row[11],
            seal=None if row[12] is None else json.loads(row[12]),
        )

    def as_json_object(self) -> dict[str, Any]:
        """The row as one JSON object, the line format of an export bundle."""
        sealed = {} if self.seal is None else {"seal": self.seal}
        return {
            "position": self.position,
            "event_id": self.event_id,
            "stream": self.stream,
            "version": self.version,
            "type": self.type,
            "schema_version": self.schema_version,
            "payload": self.payload,
            "metadata": self.metadata,
            "occurred_at": self.occurred_at,
            "recorded_at": self.recorded_at,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
            **sealed,
        }


def open_engine(url: str) -> tuple[Engine, Dialect]:
    """An engine and its dialect for read-only queries."""
    engine = make_engine(url)
    return engine, Dialect(engine.dialect.name)


def _rows_after(
    engine: Engine, dialect: Dialect, select: str, params: Sequence[Any] = (), after: int = 0
) -> Iterator[tuple[Any, ...]]:
    """Rows of `select` in batches by key: its first column is the position, its first parameter
    `position > ?`, and it ends `ORDER BY position LIMIT {_BATCH}`; `params` fill the rest."""
    last = after
    while True:
        with read_cursor(engine, dialect) as cur:
            cur.execute(select, (last, *params))
            batch = cur.fetchall()
        yield from batch
        if len(batch) < _BATCH:
            return
        last = int(batch[-1][0])


def iter_event_rows(
    engine: Engine,
    dialect: Dialect,
    from_position: int = 0,
    types: Sequence[str] | None = None,
    every_from: int | None = None,
) -> Iterator[RawEventRow]:
    """Every row after `from_position` in position order, fetched in batches by key: only those of
    `types`, if given, up to `every_from` (every row from that position on)."""
    params: tuple[Any, ...] = tuple(types or ())
    only = f"AND type IN ({', '.join('?' * len(types))}) " if types else ""
    if types and every_from is not None:
        only = f"AND (type IN ({', '.join('?' * len(types))}) OR position >= ?) "
        params = (*params, every_from)
    select = dialect.sql(
        f"SELECT {chain_columns(dialect)} FROM events WHERE position > ? {only}"
        f"ORDER BY position LIMIT {_BATCH}"
    )
    for row in _rows_after(engine, dialect, select, params, after=from_position):
        yield RawEventRow.of(row)


def first_sealed(engine: Engine, dialect: Dialect) -> int | None:
    """The position of the first event a writer sealed (alone, in `metadata.seal`, or with its transaction),
    None in a log never sealed."""
    before = transaction_seals_from(engine, dialect)
    # Only a log written before transaction seals holds seals inside its events' metadata.
    bound = "" if before is None else f"position < {int(before)} AND "
    with read_cursor(engine, dialect) as cur:
        cur.execute(
            f"SELECT min(position) FROM events WHERE {bound}"
            f"{dialect.json_text('metadata')} LIKE '%\"seal\":{{%'"
        )
        alone = cur.fetchone()[0]
    return int(alone) if alone is not None else before


def chain_head(engine: Engine, dialect: Dialect) -> tuple[int, str] | None:
    """The last position and its hash, or None for an empty store."""
    with read_cursor(engine, dialect) as cur:
        cur.execute("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")
        row = cur.fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def hash_at(engine: Engine, dialect: Dialect, position: int) -> str | None:
    """The stored hash at a position, or None when the chain has no such position."""
    with read_cursor(engine, dialect) as cur:
        cur.execute(dialect.sql("SELECT hash FROM events WHERE position = ?"), (position,))
        row = cur.fetchone()
    return None if row is None else str(row[0])


def indexed_documents(engine: Engine, dialect: Dialect) -> list[tuple[str, int, int]]:
    """(sha256, size, first position) of every document the events submitted, in position order."""
    with read_cursor(engine, dialect) as cur:
        cur.execute(
            "SELECT sha256, size, min(position) FROM document_index GROUP BY sha256, size ORDER BY 3, 1"
        )
        return [(str(r[0]), int(r[1]), int(r[2])) for r in cur.fetchall()]


def _prefix_clause(dialect: Dialect, prefix: str) -> tuple[str, list[str]]:
    # SQLite compares text bytewise, so a range uses the stream index; elsewhere collation may not.
    if dialect.is_sqlite:
        return "stream >= ? AND stream < ?", [prefix, prefix + "\U0010ffff"]
    return "stream LIKE ?", [prefix.replace("%", "\\%").replace("_", "\\_") + "%"]


def read_stream_prefix(
    engine: Engine, dialect: Dialect, prefix: str
) -> tuple[tuple[int, str] | None, list[RecordedEvent]]:
    """The chain head and, as of that head, the events of every stream starting with `prefix` in position
    order, read in one snapshot (the stream index narrows the scan to those streams)."""
    where, params = _prefix_clause(dialect, prefix)
    select = dialect.sql(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE {where} AND position <= ? ORDER BY position"
    )
    with read_cursor(engine, dialect) as cur:
        cur.execute("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")
        head_row = cur.fetchone()
        if head_row is None:
            return None, []
        head = (int(head_row[0]), str(head_row[1]))
        cur.execute(select, (*params, head[0]))
        events = [row_to_event(dialect, row) for row in cur.fetchall()]
    return head, events


@dataclass(frozen=True)
class ProjectionState:
    """Whether the status projection can stand in for a fold: how far it has folded, and the log's state."""

    head_position: int
    projection_position: int
    last_occurred_at: str | None


def projection_state(engine: Engine, dialect: Dialect, prefix: str) -> ProjectionState:
    """The head, the projection's position and the latest business time among streams under `prefix`."""
    where, params = _prefix_clause(dialect, prefix)
    with read_cursor(engine, dialect) as cur:
        cur.execute("SELECT max(position) FROM events")
        head = cur.fetchone()[0] or 0
        cur.execute(dialect.sql("SELECT position FROM projection_positions WHERE name = ?"), (PROJECTION,))
        seen = cur.fetchone()
        latest = f"SELECT max({dialect.ts_text('occurred_at')}) FROM events WHERE {where}"
        cur.execute(dialect.sql(latest), params)
        last = cur.fetchone()[0]
    return ProjectionState(int(head), int(seen[0]) if seen else 0, None if last is None else str(last))


def fold_records(
    engine: Engine,
    dialect: Dialect,
    *,
    as_of: dt.datetime | None = None,
    as_known_at: dt.datetime | None = None,
    up_to: int | None = None,
) -> Iterator[EventRecord]:
    """(event, occurred_at, recorded_at) of every event that had occurred by `as_of` and was recorded by
    `as_known_at` (up to position `up_to`), in position order; later events are never decoded."""
    conditions, params = ["position > ?"], []
    for column, instant in (("occurred_at", as_of), ("recorded_at", as_known_at)):
        if instant is not None:
            conditions.append(f"{column} <= ?")
            params.append(dialect.ts_param(instant))
    if up_to is not None:
        conditions.append("position <= ?")
        params.append(up_to)
    select = dialect.sql(
        f"SELECT position, type, schema_version, {dialect.json_text('payload')}, occurred_at, recorded_at "
        f"FROM events WHERE {' AND '.join(conditions)} ORDER BY position LIMIT {_BATCH}"
    )
    for row in _rows_after(engine, dialect, select, params):
        event = decode_event_json(str(row[1]), int(row[2]), row[3])
        yield EventRecord(event, dialect.ts_value(row[4]), dialect.ts_value(row[5]))


def metadata_matching(engine: Engine, dialect: Dialect, fragments: Sequence[str]) -> Iterator[RecordedEvent]:
    """Events whose metadata JSON text contains any of `fragments` (canonical JSON has no spaces, so
    `"actor":"region:05"` finds exactly that actor), in position order; callers re-check the typed value."""
    if not fragments:
        return
    escaped = [f.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for f in fragments]
    column = dialect.json_text("metadata")
    where = " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for _ in escaped)
    select = dialect.sql(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE position > ? AND ({where}) "
        f"ORDER BY position LIMIT {_BATCH}"
    )
    for row in _rows_after(engine, dialect, select, [f"%{e}%" for e in escaped]):
        yield row_to_event(dialect, row)


def events_between(
    engine: Engine, dialect: Dialect, start: dt.datetime, end: dt.datetime, *, by_recording: bool = False
) -> list[RecordedEvent]:
    """Events whose business (or recording) time falls in (start, end], in position order."""
    column = "recorded_at" if by_recording else "occurred_at"
    select = dialect.sql(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE {column} > ? AND {column} <= ? ORDER BY position"
    )
    with read_cursor(engine, dialect) as cur:
        cur.execute(select, (dialect.ts_param(start), dialect.ts_param(end)))
        return [row_to_event(dialect, row) for row in cur.fetchall()]


def events_of_type(engine: Engine, dialect: Dialect, prefix: str, event_type: str) -> list[RecordedEvent]:
    """Events of one type in the streams under `prefix`, in position order."""
    where, params = _prefix_clause(dialect, prefix)
    select = dialect.sql(f"SELECT {EVENT_COLUMNS} FROM events WHERE type = ? AND {where} ORDER BY position")
    with read_cursor(engine, dialect) as cur:
        cur.execute(select, (event_type, *params))
        return [row_to_event(dialect, row) for row in cur.fetchall()]
