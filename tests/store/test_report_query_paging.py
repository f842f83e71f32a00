"""Report queries read the log in keyed batches: every event once, in order, across batch boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from store_events import T0, new, opened, reminder, stream_of

from domain.actors import Actor
from store import report_queries
from store.event_store import EventStore


@pytest.fixture
def seven_events(event_store: EventStore, monkeypatch: pytest.MonkeyPatch) -> EventStore:
    """Seven events read three at a time, so every query crosses two batch boundaries."""
    region = Actor.parse("region:77")
    events = [new(opened()), *(new(reminder(days=d), T0 + dt.timedelta(days=d)) for d in (1, 2, 3))]
    events += [new(reminder(days=d), T0 + dt.timedelta(days=d), region) for d in (4, 5, 6)]
    event_store.append(stream_of("2023/05/77"), events)
    monkeypatch.setattr(report_queries, "_BATCH", 3)
    return event_store


def test_event_rows_come_once_each_in_position_order_across_batches(seven_events: EventStore) -> None:
    rows = report_queries.iter_event_rows(seven_events.engine, seven_events.dialect)
    assert [r.position for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    after = report_queries.iter_event_rows(seven_events.engine, seven_events.dialect, from_position=2)
    assert [r.position for r in after] == [3, 4, 5, 6, 7]


def test_folded_records_respect_the_business_instant_across_batches(seven_events: EventStore) -> None:
    records = report_queries.fold_records(
        seven_events.engine, seven_events.dialect, as_of=T0 + dt.timedelta(days=5)
    )
    assert [r.occurred_at for r in records] == [T0 + dt.timedelta(days=d) for d in (0, 1, 2, 3, 4, 5)]


def test_metadata_matches_are_found_across_batches(seven_events: EventStore) -> None:
    found = report_queries.metadata_matching(
        seven_events.engine, seven_events.dialect, ['"actor":"region:77"']
    )
    assert [e.position for e in found] == [5, 6, 7]
