"""The TUI's data source over the event store and its projections (all calls blocking: use a worker)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from domain.status import ObligationStatus, fold_all
from store.event_store import EventStore, RecordedEvent
from tui.source import Changes, TimelineEntry

STREAM_PREFIX = "obligation/"


def timeline_entry(record: RecordedEvent) -> TimelineEntry:
    """A recorded event as the detail screen lists it."""
    return TimelineEntry(record.position, record.type, record.event, record.metadata.actor,
                         record.occurred_at, record.recorded_at)


class StoreSource:
    """Reads statuses from the projections and events from the store."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    @classmethod
    def open(cls, url: str) -> StoreSource:
        """Open the store at `url` (creating its schema if needed)."""
        return cls(EventStore.open(url))

    def head(self) -> int:
        """Position of the last event, 0 when the store is empty."""
        head = self.store.head()
        return head[0] if head else 0

    def all_statuses(self) -> list[ObligationStatus]:
        """Every obligation's status, from the status projection (or a fold when there is none)."""
        try:
            from store.projections import list_statuses
        except ImportError:
            return list(fold_all(self.store.read_all()).values())
        return list(list_statuses(self.store))

    def statuses_of(self, obligation_ids: frozenset[str]) -> list[ObligationStatus]:
        """Current statuses of these obligations."""
        try:
            from store.projections import get_status
        except ImportError:
            folded = [fold_all(self.store.read_stream(STREAM_PREFIX + o)).get(o) for o in obligation_ids]
            return [s for s in folded if s is not None]
        found = (get_status(self.store, oid) for oid in sorted(obligation_ids))
        return [s for s in found if s is not None]

    def timeline(self, obligation_id: str) -> list[TimelineEntry]:
        """The obligation's events in order."""
        return [timeline_entry(r) for r in self.store.read_stream(STREAM_PREFIX + obligation_id)]

    def changes_since(self, position: int) -> Changes:
        """Events recorded after `position`: the new head and the obligations touched."""
        head = position
        ids: set[str] = set()
        for record in self.store.read_all(from_position=position):
            head = max(head, record.position)
            if record.stream.startswith(STREAM_PREFIX):
                ids.add(record.stream.removeprefix(STREAM_PREFIX))
        return Changes(head, frozenset(ids))

    def statuses_as_of(self, cycle: int, moment: dt.datetime) -> Sequence[ObligationStatus]:
        """The cycle's statuses folded from the events that occurred by `moment`."""
        prefix = f"{STREAM_PREFIX}{cycle}/"
        records = (r for r in self.store.read_all() if r.stream.startswith(prefix))
        return list(fold_all(records, as_of=moment).values())

    def close(self) -> None:
        """Release connections."""
        self.store.close()
