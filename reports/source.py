"""Reading the event store for reports: statuses folded as of a date, and the chain head they came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from domain.status import ObligationStatus, fold_all
from reports.completion_model import ChainHead
from store.event_store import EventStore
from store.records import RecordedEvent
from store.report_queries import chain_head

GENESIS = ChainHead(0, "0" * 64)


@dataclass
class HeadTracker:
    """Passes records through while remembering the last one: the head a report was built from."""

    head: ChainHead = GENESIS

    def watch(self, records: Iterable[RecordedEvent]) -> Iterator[RecordedEvent]:
        """Yield every record, noting the position and hash of the last."""
        for record in records:
            self.head = ChainHead(record.position, record.hash)
            yield record


def cycle_records(records: Iterable[RecordedEvent], cycle: int | None) -> Iterator[RecordedEvent]:
    """Only the events of one cycle's obligation streams (all of them for None)."""
    prefix = None if cycle is None else f"obligation/{cycle}/"
    for record in records:
        if prefix is None or record.stream.startswith(prefix):
            yield record


def load_statuses(
    store: EventStore,
    *,
    cycle: int | None = None,
    as_of: dt.datetime | None = None,
    as_known_at: dt.datetime | None = None,
) -> tuple[list[ObligationStatus], ChainHead]:
    """Statuses (sorted by id) of a cycle's obligations as of the instants, and the store's head."""
    tracker = HeadTracker()
    statuses = fold_all(cycle_records(tracker.watch(store.read_all()), cycle), as_of, as_known_at)
    return [statuses[k] for k in sorted(statuses)], tracker.head


def store_head(store: EventStore) -> ChainHead:
    """The store's current chain head."""
    head = chain_head(store.engine, store.dialect)
    return GENESIS if head is None else ChainHead(*head)
