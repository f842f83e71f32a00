"""Reading the event store for reports: statuses folded as of a date, and the chain head they came from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from domain.obligation.id import streams_prefix
from domain.obligation.status import ObligationStatus, fold_all
from reports.completion_model import ChainHead
from store.event_store import EventStore
from store.projections import list_statuses
from store.report_queries import chain_head, events_of_type, projection_state, read_stream_prefix

GENESIS = ChainHead(0, "0" * 64)


def load_statuses(
    store: EventStore,
    *,
    cycle: int | None = None,
    as_of: dt.datetime | None = None,
    as_known_at: dt.datetime | None = None,
    use_projection: bool = True,
) -> tuple[list[ObligationStatus], ChainHead]:
    """Statuses (sorted by id) of a cycle's obligations as of the instants, and the store's head."""
    prefix = streams_prefix(cycle)
    if use_projection and as_known_at is None:
        projected = _from_projection(store, prefix, cycle, as_of)
        if projected is not None:
            return projected
    head, records = read_stream_prefix(store.engine, store.dialect, prefix)
    statuses = fold_all(records, as_of, as_known_at)
    return [statuses[k] for k in sorted(statuses)], GENESIS if head is None else ChainHead(*head)


def _from_projection(
    store: EventStore, prefix: str, cycle: int | None, as_of: dt.datetime | None
) -> tuple[list[ObligationStatus], ChainHead] | None:
    """The projection's statuses when they equal the fold: it has folded the whole log, nothing of these
    streams happened after `as_of`, and no append slipped in while reading (else None: fold instead)."""
    before = projection_state(store.engine, store.dialect, prefix)
    if before.projection_position != before.head_position or before.head_position == 0:
        return None
    if as_of is not None and before.last_occurred_at is not None:
        if dt.datetime.fromisoformat(before.last_occurred_at.replace("Z", "+00:00")) > as_of:
            return None
    statuses = list_statuses(store, cycle=cycle)
    head = store_head(store)
    if head.position != before.head_position:
        return None
    return sorted(statuses, key=lambda s: s.id), head


def store_head(store: EventStore) -> ChainHead:
    """The store's current chain head."""
    head = chain_head(store.engine, store.dialect)
    return GENESIS if head is None else ChainHead(*head)


def imported_documents(
    store: EventStore, cycle: int, as_of: dt.datetime | None = None
) -> dict[str, tuple[Any, ...]]:
    """Document details of submissions brought in from prior-period history (they carry no stored file, so
    the status has none), by obligation id, as of the business instant."""
    found: dict[str, tuple[Any, ...]] = {}
    for record in events_of_type(store.engine, store.dialect, streams_prefix(cycle), "SubmissionImported"):
        if as_of is not None and record.occurred_at > as_of:
            continue
        key = record.event.obligation_id
        found[key] = found.get(key, ()) + tuple(getattr(record.event, "documents", ()))
    return found
