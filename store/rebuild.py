"""Rebuilds every projection from zero by streaming the log, one obligation stream at a time.

Reading in (stream, version) order keeps one status in memory at a time, so memory stays flat however
long the log is; the fold is the same one the incremental path uses, so the results are identical.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine

from domain.eventing.base import DomainEvent
from domain.eventing.registry import decode_event_json
from domain.obligation.id import is_obligation_stream, plain_id
from domain.obligation.status import ObligationStatus, fold_status
from store.engine import Dialect, write_transaction
from store.errors import StoreError
from store.projection_writer import (
    Counts,
    count_status,
    document_rows,
    set_position,
    status_row,
    write_counts,
    write_documents,
    write_statuses,
)
from store.schema import PROJECTION_TABLES

_FETCH = 5000
_FLUSH = 2000


def _event(row: tuple[Any, ...]) -> DomainEvent:
    try:
        return decode_event_json(str(row[2]), int(row[3]), row[4])
    except Exception as exc:
        raise StoreError(
            f"перестроение невозможно: событие в позиции {row[0]}: {exc}", "rebuild_failed"
        ) from None


def _rows(cur: Any, dialect: Dialect, head: int) -> Iterator[tuple[Any, ...]]:
    source = cur if dialect.is_sqlite else cur.connection.cursor(name="eci_rebuild")
    if not dialect.is_sqlite:
        source.itersize = _FETCH
    source.execute(
        dialect.sql(
            "SELECT position, stream, type, schema_version, "
            f"{dialect.json_text('payload')}, occurred_at, version FROM events "
            "WHERE position <= ? ORDER BY stream, version"
        ),
        (head,),
    )
    while rows := source.fetchmany(_FETCH):
        yield from rows


def rebuild_projections(engine: Engine, dialect: Dialect) -> int:
    """Empty the projections and fold the whole log again; returns the number of events folded."""
    with write_transaction(engine, dialect) as cur:
        for table in PROJECTION_TABLES:
            cur.execute(f"DELETE FROM {table}")
        cur.execute("SELECT coalesce(max(position), 0) FROM events")
        head = int(cur.fetchone()[0])
        # A second cursor writes while the first one streams the log.
        writer = cur.connection.cursor()
        counts: Counts = (Counter(), Counter())
        statuses: list[tuple[Any, ...]] = []
        documents: list[tuple[Any, ...]] = []
        current: str | None = None
        status: ObligationStatus | None = None
        version = 0
        folded = 0

        def finish_stream() -> None:
            if current is not None and status is not None:
                statuses.append(status_row(plain_id(current), version, status))
                count_status(counts, status, +1)

        for row in _rows(cur, dialect, head):
            folded += 1
            event = _event(row)
            documents.extend(document_rows(int(row[0]), event))
            stream = str(row[1])
            if not is_obligation_stream(stream):
                continue
            if stream != current:
                finish_stream()
                current, status = stream, None
            status = fold_status(status, event, dialect.ts_value(row[5]))
            version = int(row[6])
            if len(statuses) >= _FLUSH or len(documents) >= _FLUSH:
                write_statuses(writer, dialect, statuses)
                write_documents(writer, dialect, documents)
                statuses.clear()
                documents.clear()
        finish_stream()
        write_statuses(writer, dialect, statuses)
        write_documents(writer, dialect, documents)
        write_counts(writer, dialect, counts)
        set_position(writer, dialect, head)
    return folded
