"""Writes the projections (status, summaries, document index) from folded events, inside the caller's
transaction: incrementally after each append, or wholesale during a rebuild."""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from domain.events import DocumentSubmitted, DomainEvent
from domain.status import ObligationStatus, fold_status
from store.append import OBLIGATION_PREFIX
from store.engine import Dialect
from store.records import RecordedEvent

PROJECTION = "obligations"
CountKey = tuple[int, Any, str]
Counts = tuple[Counter[CountKey], Counter[CountKey]]

_UPSERT_STATUS = (
    "INSERT INTO obligation_status (obligation_id, cycle, measure, participant, state, due, effective_due, "
    "version, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (obligation_id) DO UPDATE SET "
    "cycle = excluded.cycle, measure = excluded.measure, participant = excluded.participant, "
    "state = excluded.state, due = excluded.due, effective_due = excluded.effective_due, "
    "version = excluded.version, status = excluded.status"
)
_ADD_COUNT = (
    "INSERT INTO {table} (cycle, {key}, state, count) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (cycle, {key}, state) DO UPDATE SET count = {table}.count + excluded.count"
)
_DROP_ZERO = "DELETE FROM {table} WHERE cycle = ? AND {key} = ? AND state = ? AND count = 0"
_INSERT_DOCUMENT = (
    "INSERT INTO document_index (position, ordinal, obligation_id, sha256, size, media_type, filename, "
    "kind, number, date, issuer, title) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SET_POSITION = (
    "INSERT INTO projection_positions (name, position) VALUES (?, ?) "
    "ON CONFLICT (name) DO UPDATE SET position = excluded.position"
)
_SUMMARIES = (("participant_summary", "participant"), ("measure_summary", "measure"))


class StatusCache:
    """Recently folded statuses by obligation id with the stream version they reflect (saves parsing)."""

    def __init__(self, limit: int = 20_000) -> None:
        self._items: OrderedDict[str, tuple[int, ObligationStatus]] = OrderedDict()
        self._limit = limit

    def get(self, obligation_id: str, version: int) -> ObligationStatus | None:
        """The cached status if it reflects exactly `version`."""
        item = self._items.get(obligation_id)
        return item[1] if item is not None and item[0] == version else None

    def put(self, obligation_id: str, version: int, status: ObligationStatus) -> None:
        """Remember a status; the oldest entries go first."""
        self._items[obligation_id] = (version, status)
        self._items.move_to_end(obligation_id)
        if len(self._items) > self._limit:
            self._items.popitem(last=False)


def status_row(obligation_id: str, version: int, status: ObligationStatus) -> tuple[Any, ...]:
    """The `obligation_status` row of a folded status."""
    return (
        obligation_id,
        status.cycle,
        status.measure,
        status.participant,
        status.state.value,
        status.due.isoformat(),
        status.effective_due.isoformat(),
        version,
        status.model_dump_json(),
    )


def document_rows(position: int, event: DomainEvent) -> list[tuple[Any, ...]]:
    """Document index rows of a submission event (none for other events)."""
    if not isinstance(event, DocumentSubmitted):
        return []
    return [
        (
            position,
            ordinal,
            event.obligation_id,
            doc.file.sha256,
            doc.file.size,
            doc.file.media_type,
            doc.file.filename,
            doc.details.kind.value,
            doc.details.number,
            doc.details.date.isoformat(),
            doc.details.issuer,
            doc.details.title,
        )
        for ordinal, doc in enumerate(event.documents, start=1)
    ]


def count_status(counts: Counts, status: ObligationStatus, n: int) -> None:
    """Add `n` (±1) for the status's state to the per-participant and per-measure counters."""
    counts[0][(status.cycle, status.participant, status.state.value)] += n
    counts[1][(status.cycle, status.measure, status.state.value)] += n


def write_counts(cur: Any, dialect: Dialect, counts: Counts) -> None:
    """Apply count deltas to the summary tables, dropping rows that reach zero."""
    for (table, key), counter in zip(_SUMMARIES, counts, strict=True):
        changes = [(c, k, s, n) for (c, k, s), n in counter.items() if n]
        if not changes:
            continue
        cur.executemany(dialect.sql(_ADD_COUNT.format(table=table, key=key)), changes)
        dropped = [(c, k, s) for c, k, s, n in changes if n < 0]
        if dropped:
            cur.executemany(dialect.sql(_DROP_ZERO.format(table=table, key=key)), dropped)


def write_statuses(cur: Any, dialect: Dialect, rows: Sequence[tuple[Any, ...]]) -> None:
    """Upsert status rows."""
    if rows:
        cur.executemany(dialect.sql(_UPSERT_STATUS), rows)


def write_documents(cur: Any, dialect: Dialect, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert document index rows."""
    if rows:
        cur.executemany(dialect.sql(_INSERT_DOCUMENT), rows)


def set_position(cur: Any, dialect: Dialect, position: int) -> None:
    """Record how far the projections have folded."""
    cur.execute(dialect.sql(_SET_POSITION), (PROJECTION, position))


def _load_status(cur: Any, dialect: Dialect, oid: str, cache: StatusCache) -> ObligationStatus | None:
    cur.execute(
        dialect.sql("SELECT version, status FROM obligation_status WHERE obligation_id = ?"), (oid,)
    )
    row = cur.fetchone()
    if row is None:
        return None
    cached = cache.get(oid, int(row[0]))
    return cached if cached is not None else ObligationStatus.model_validate_json(row[1])


def apply_events(cur: Any, dialect: Dialect, events: Iterable[RecordedEvent], cache: StatusCache) -> None:
    """Fold newly recorded events into the projections (same transaction as the append)."""
    groups: dict[str, list[RecordedEvent]] = {}
    documents: list[tuple[Any, ...]] = []
    last = 0
    for recorded in events:
        last = max(last, recorded.position)
        documents.extend(document_rows(recorded.position, recorded.event))
        if recorded.stream.startswith(OBLIGATION_PREFIX):
            groups.setdefault(recorded.stream[len(OBLIGATION_PREFIX) :], []).append(recorded)
    if not last:
        return
    counts: Counts = (Counter(), Counter())
    rows: list[tuple[Any, ...]] = []
    for obligation_id, group in groups.items():
        prev = _load_status(cur, dialect, obligation_id, cache)
        status = prev
        for recorded in group:
            status = fold_status(status, recorded.event, recorded.occurred_at)
        if status is None:
            continue
        version = group[-1].version
        rows.append(status_row(obligation_id, version, status))
        cache.put(obligation_id, version, status)
        if prev is not None:
            count_status(counts, prev, -1)
        count_status(counts, status, +1)
    write_statuses(cur, dialect, rows)
    write_counts(cur, dialect, counts)
    write_documents(cur, dialect, documents)
    set_position(cur, dialect, last)
