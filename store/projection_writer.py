"""Writes the projections (status, summaries, document index) from folded events, inside the caller's
transaction: incrementally after each append, or wholesale during a rebuild."""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.eventing.base import DomainEvent
from domain.obligation.events import DocumentSubmitted
from domain.obligation.id import is_obligation_stream, plain_id
from domain.obligation.status import ObligationStatus, fold_status
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
_STATUSES = "SELECT obligation_id, version, status FROM obligation_status WHERE obligation_id IN ({marks})"
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
        statement = dialect.sql(_ADD_COUNT.format(table=table, key=key))
        if len(changes) == 1:
            cur.execute(statement, changes[0])
        else:  # a batch spanning many participants changes many summary rows
            cur.executemany(statement, changes)
        dropped = [(c, k, s) for c, k, s, n in changes if n < 0]
        if dropped:
            cur.executemany(dialect.sql(_DROP_ZERO.format(table=table, key=key)), dropped)


def write_statuses(cur: Any, dialect: Dialect, rows: Sequence[tuple[Any, ...]]) -> None:
    """Upsert status rows."""
    if len(rows) == 1:
        cur.execute(dialect.sql(_UPSERT_STATUS), rows[0])
    elif rows:
        cur.executemany(dialect.sql(_UPSERT_STATUS), rows)


def write_documents(cur: Any, dialect: Dialect, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert document index rows."""
    if rows:
        cur.executemany(dialect.sql(_INSERT_DOCUMENT), rows)


def set_position(cur: Any, dialect: Dialect, position: int) -> None:
    """Record how far the projections have folded."""
    cur.execute(dialect.sql(_SET_POSITION), (PROJECTION, position))


def _load_statuses(
    cur: Any, dialect: Dialect, ids: Sequence[str], cache: StatusCache
) -> dict[str, ObligationStatus]:
    found: dict[str, ObligationStatus] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        cur.execute(
            dialect.sql(_STATUSES.format(marks=marks)),
            tuple(chunk),
        )
        for oid, version, text in cur.fetchall():
            cached = cache.get(oid, int(version))
            found[oid] = cached if cached is not None else ObligationStatus.model_validate_json(text)
    return found


@dataclass
class ProjectionChanges:
    """What newly recorded events change in the projections."""

    statuses: list[tuple[Any, ...]] = field(default_factory=list)
    counts: Counts = field(default_factory=lambda: (Counter(), Counter()))
    documents: list[tuple[Any, ...]] = field(default_factory=list)
    position: int = 0
    folded: list[tuple[str, int, ObligationStatus]] = field(default_factory=list)


def plan_projection(
    cur: Any, dialect: Dialect, events: Iterable[RecordedEvent], cache: StatusCache
) -> ProjectionChanges:
    """Fold newly recorded events onto the stored statuses (reads only; `write_projection` writes)."""
    changes = ProjectionChanges()
    # Events come in stream runs: group by stream first, so the prefix test and slicing happen once a run.
    by_stream: dict[str, list[RecordedEvent]] = {}
    position = 0
    for recorded in events:
        if recorded.position > position:
            position = recorded.position
        if isinstance(recorded.event, DocumentSubmitted):
            changes.documents.extend(document_rows(recorded.position, recorded.event))
        group = by_stream.get(recorded.stream)
        if group is None:
            group = by_stream[recorded.stream] = []
        group.append(recorded)
    changes.position = position
    groups = {
        plain_id(stream): group
        for stream, group in by_stream.items()
        if is_obligation_stream(stream)
    }
    stored = _load_statuses(cur, dialect, list(groups), cache) if groups else {}
    for obligation_id, group in groups.items():
        prev = stored.get(obligation_id)
        status = prev
        for recorded in group:
            status = fold_status(status, recorded.event, recorded.occurred_at)
        if status is None:
            continue
        version = group[-1].version
        changes.statuses.append(status_row(obligation_id, version, status))
        changes.folded.append((obligation_id, version, status))
        if prev is not None:
            count_status(changes.counts, prev, -1)
        count_status(changes.counts, status, +1)
    return changes


def write_projection(cur: Any, dialect: Dialect, changes: ProjectionChanges) -> None:
    """Write the planned projection changes and the new position."""
    if not changes.position:
        return
    write_statuses(cur, dialect, changes.statuses)
    write_counts(cur, dialect, changes.counts)
    write_documents(cur, dialect, changes.documents)
    set_position(cur, dialect, changes.position)
