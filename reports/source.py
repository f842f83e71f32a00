"""Reading the event store for reports: statuses folded as of a date, and the chain head they came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from domain.status import ObligationStatus, fold_all
from reports.completion_model import ChainHead
from store.event_store import EventStore
from store.records import RecordedEvent
from store.report_queries import chain_head, read_stream_prefix

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


def load_statuses(
    store: EventStore,
    *,
    cycle: int | None = None,
    as_of: dt.datetime | None = None,
    as_known_at: dt.datetime | None = None,
) -> tuple[list[ObligationStatus], ChainHead]:
    """Statuses (sorted by id) of a cycle's obligations as of the instants, and the store's head."""
    prefix = "obligation/" if cycle is None else f"obligation/{cycle}/"
    head, records = read_stream_prefix(store.engine, store.dialect, prefix)
    statuses = fold_all(records, as_of, as_known_at)
    return [statuses[k] for k in sorted(statuses)], GENESIS if head is None else ChainHead(*head)


def store_head(store: EventStore) -> ChainHead:
    """The store's current chain head."""
    head = chain_head(store.engine, store.dialect)
    return GENESIS if head is None else ChainHead(*head)
