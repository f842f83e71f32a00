"""The append transaction: idempotency, expected versions, positions and the chain, on a raw DBAPI cursor.

Hand-written statements on the driver's cursor keep the hot path a few microseconds per statement;
the caller holds the append lock, so reading the head and writing the next rows cannot interleave.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain.errors import DomainError
from domain.eventing.metadata import EventMetadata
from domain.eventing.registry import check_registered, decode_event, encode_event, event_types
from domain.obligation.id import id_of_stream
from store.chain import GENESIS, canonical_json, canonical_row, chain_hash
from store.engine import UTC, Dialect, format_ts
from store.errors import ConcurrencyConflict, StoreError
from store.records import NewEvent, RecordedEvent, recorded_event

EVENT_COLUMNS = (
    "position, event_id, stream, version, type, schema_version, payload, metadata, "
    "occurred_at, recorded_at, prev_hash, hash"
)
# The writer's seal rides on the last row of what it covers, outside the hashed row (`store.sealing`).
_INSERT = f"INSERT INTO events ({EVENT_COLUMNS}, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
# One round trip for the head, the first stream's version and whether any id is already stored.
_PREFLIGHT = (
    "SELECT e.position, e.hash, e.recorded_at, (SELECT max(version) FROM events WHERE stream = ?), "
    "(SELECT count(*) FROM events WHERE event_id IN ({marks})) FROM (SELECT 1 AS one) d LEFT JOIN "
    "(SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1) e ON 1 = 1"
)
_STREAM_VERSIONS = "SELECT stream, max(version) FROM events WHERE stream IN ({marks}) GROUP BY stream"
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Batch:
    """Events for one stream, with the version the writer expects the stream to be at."""

    stream: str
    events: Sequence[NewEvent]
    expected_version: int | None = None


def validate_batch(batch: Batch) -> None:
    """Refuse bad input before touching the database: unknown types, events of another obligation."""
    if not batch.stream or len(batch.stream) > 255:
        raise StoreError("имя потока должно содержать от 1 до 255 символов", "bad_stream_name")
    if batch.expected_version is not None and batch.expected_version < 0:
        raise StoreError("ожидаемая версия потока не может быть отрицательной", "bad_expected_version")
    obligation = id_of_stream(batch.stream)
    registered = event_types()
    seen: set[uuid.UUID] = set()
    for new in batch.events:
        event = new.event
        if registered.get(event.type) is not type(event):
            check_registered(event)  # raises with the registry's own message
        if obligation is not None and event.obligation_id != obligation:
            raise StoreError(
                f"событие обязательства {event.obligation_id} нельзя записать в поток {batch.stream}",
                "wrong_stream",
            )
        if new.event_id in seen:
            raise StoreError(
                f"номер события {new.event_id} встречается в одной записи дважды", "duplicate_event_id"
            )
        seen.add(new.event_id)


def stored_ids(cur: Any, dialect: Dialect, ids: Sequence[str]) -> set[str]:
    """Which of `ids` are already recorded."""
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        cur.execute(dialect.sql(f"SELECT event_id FROM events WHERE event_id IN ({marks})"), tuple(chunk))
        found.update(row[0] for row in cur.fetchall())
    return found


@dataclass
class Planned:
    """The outcome of planning an append: results per batch, the new events and their rows."""

    results: list[list[RecordedEvent]]
    fresh: list[RecordedEvent]
    rows: list[tuple[Any, ...]]


def stream_versions(cur: Any, dialect: Dialect, streams: set[str]) -> dict[str, int]:
    """Current versions of the given streams (0 for streams without events)."""
    found = dict.fromkeys(streams, 0)
    names = sorted(streams)
    for start in range(0, len(names), _CHUNK):
        chunk = names[start : start + _CHUNK]
        cur.execute(dialect.sql(_STREAM_VERSIONS.format(marks=", ".join("?" * len(chunk)))), tuple(chunk))
        found.update({str(stream): int(version) for stream, version in cur.fetchall()})
    return found


class _Chain:
    """Numbers, hashes and rows the new events after the head, one at a time."""

    def __init__(self, dialect: Dialect, position: int, prev_hash: str, now: dt.datetime) -> None:
        self.is_sqlite = dialect.is_sqlite
        self.position = position
        self.prev_hash = prev_hash
        self.now = now
        self.recorded_text = format_ts(now)
        self.recorded_param: Any = self.recorded_text if dialect.is_sqlite else now
        self.metadata_texts: dict[EventMetadata, str] = {}
        self.last_metadata: tuple[EventMetadata | None, str] = (None, "")
        # Events of one batch mostly share a few business times: convert and format each once.
        self.occurred: dict[dt.datetime, tuple[dt.datetime, str, Any]] = {}
        self.rows: list[tuple[Any, ...]] = []

    def _metadata(self, metadata: EventMetadata) -> str:
        last, text = self.last_metadata
        if metadata is last:  # the common case: one metadata object for the whole append
            return text
        cached = self.metadata_texts.get(metadata)
        if cached is None:  # most batches share one actor: serialise its metadata once
            cached = self.metadata_texts[metadata] = canonical_json(metadata.model_dump(mode="json"))
        self.last_metadata = (metadata, cached)
        return cached

    def _occurred(self, value: dt.datetime) -> tuple[dt.datetime, str, Any]:
        found = self.occurred.get(value)
        if found is None:
            utc = value.astimezone(UTC)
            text = format_ts(utc)
            found = self.occurred[value] = (utc, text, text if self.is_sqlite else utc)
        return found

    def record(self, stream: str, version: int, new: NewEvent, event_id: str) -> RecordedEvent:
        """Chain one event and queue its row."""
        position = self.position = self.position + 1
        prev_hash = self.prev_hash
        event = new.event
        event_type = event.type
        schema_version = event.schema_version
        texts = new.texts
        if texts is None:
            payload = canonical_json(encode_event(event))
            metadata = self._metadata(new.metadata)
        else:
            payload, metadata = texts
        occurred, occurred_text, occurred_param = self._occurred(new.occurred_at)
        canonical = canonical_row(
            event_id, metadata, occurred_text, payload, position, self.recorded_text,
            schema_version, stream, event_type, version,
        )  # fmt: skip
        digest = chain_hash(prev_hash, canonical)
        self.rows.append(
            (
                position, event_id, stream, version, event_type, schema_version, payload, metadata,
                occurred_param, self.recorded_param, prev_hash, digest, None,
            )
        )  # fmt: skip
        self.prev_hash = digest
        return recorded_event(
            position, new.event_id, stream, version, event_type, schema_version, event,
            new.metadata, occurred, self.now, prev_hash, digest,
        )  # fmt: skip


def plan_batches(cur: Any, dialect: Dialect, batches: Sequence[Batch], *, check_all: bool = False) -> Planned:
    """Number, chain and hash the new events after the head (reads only; `insert_events` writes them).

    The first 500 ids are checked for earlier copies with the head query; the rest only when
    `check_all` — a large batch relies on the unique index, and its caller retries with the full check.
    """
    all_ids = [str(new.event_id) for b in batches for new in b.events]
    few = all_ids[:_CHUNK]
    statement = _PREFLIGHT.format(marks=", ".join("?" * len(few)))
    cur.execute(dialect.sql(statement), (batches[0].stream, *few))
    head = cur.fetchone()
    check = head[4] or (check_all and len(all_ids) > _CHUNK)
    existing = stored_ids(cur, dialect, all_ids) if check else set()
    now = dt.datetime.now(UTC)
    if head[0] is not None and dialect.ts_value(head[2]) > now:
        now = dialect.ts_value(head[2])  # keep recorded_at monotone even if the clock steps back
    chain = _Chain(dialect, int(head[0] or 0), str(head[1]) if head[0] is not None else GENESIS, now)
    versions: dict[str, int] = {batches[0].stream: int(head[3] or 0)}
    versions.update(stream_versions(cur, dialect, {b.stream for b in batches} - versions.keys()))
    results: list[list[RecordedEvent]] = []
    fresh: list[RecordedEvent] = []
    offset = 0
    for batch in batches:
        ids = all_ids[offset : offset + len(batch.events)]
        offset += len(batch.events)
        if existing and any(i in existing for i in ids):
            if not all(i in existing for i in ids):
                raise StoreError(
                    f"запись в поток {batch.stream} смешивает уже записанные и новые события",
                    "mixed_event_ids",
                )
            results.append(read_by_ids(cur, dialect, ids, batch.stream))
            continue
        version = versions[batch.stream]
        if batch.expected_version is not None and batch.expected_version != version:
            raise ConcurrencyConflict(batch.stream, batch.expected_version, version)
        recorded = [
            chain.record(batch.stream, version + n, new, event_id)
            for n, (new, event_id) in enumerate(zip(batch.events, ids, strict=True), start=1)
        ]
        versions[batch.stream] = version + len(recorded)
        results.append(recorded)
        fresh.extend(recorded)
    return Planned(results, fresh, chain.rows)


def insert_events(cur: Any, dialect: Dialect, rows: Sequence[tuple[Any, ...]]) -> None:
    """Write planned event rows."""
    if len(rows) == 1:
        cur.execute(dialect.sql(_INSERT), rows[0])
    elif rows:
        cur.executemany(dialect.sql(_INSERT), rows)


def read_by_ids(cur: Any, dialect: Dialect, ids: Sequence[str], stream: str) -> list[RecordedEvent]:
    """Stored events with these ids, in position order; they must belong to `stream`."""
    marks = ", ".join("?" * len(ids))
    cur.execute(
        dialect.sql(f"SELECT {EVENT_COLUMNS} FROM events WHERE event_id IN ({marks}) ORDER BY position"),
        tuple(ids),
    )
    events = [row_to_event(dialect, row) for row in cur.fetchall()]
    for event in events:
        if event.stream != stream:
            raise StoreError(
                f"событие {event.event_id} уже записано в другой поток: {event.stream}", "event_id_taken"
            )
    return events


def row_to_event(dialect: Dialect, row: Sequence[Any]) -> RecordedEvent:
    """A stored row (columns in `EVENT_COLUMNS` order) as a typed recorded event, upcast if older."""
    payload = row[6] if isinstance(row[6], dict) else json.loads(row[6])
    metadata = row[7] if isinstance(row[7], dict) else json.loads(row[7])
    try:
        event = decode_event(str(row[4]), int(row[5]), payload)
    except DomainError as exc:
        raise StoreError(f"событие в позиции {row[0]}: {exc}", exc.code) from None
    return RecordedEvent(
        position=int(row[0]),
        event_id=uuid.UUID(str(row[1])),
        stream=str(row[2]),
        version=int(row[3]),
        type=str(row[4]),
        schema_version=int(row[5]),
        event=event,
        metadata=EventMetadata.model_validate(metadata),
        occurred_at=dialect.ts_value(row[8]),
        recorded_at=dialect.ts_value(row[9]),
        prev_hash=str(row[10]),
        hash=str(row[11]),
    )
