"""Group commit of recorded events: concurrent appends share transactions, each is stored once."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Iterator

import pytest

from activities.record_batch import AppendBatcher
from domain.actors import SYSTEM
from domain.eventing.metadata import EventMetadata
from domain.obligation.events import ObligationOpened
from store.event_store import EventStore
from store.records import NewEvent

NOW = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


def opened(participant: str, stream_participant: str | None = None) -> tuple[str, NewEvent]:
    oid = f"2027/05/{participant}"
    event = ObligationOpened(
        obligation_id=oid,
        cycle=2027,
        measure=5,
        participant=participant,
        due=dt.date(2027, 12, 1),
        effective_due=dt.date(2027, 12, 1),
    )
    stream = f"obligation/2027/05/{stream_participant or participant}"
    return stream, NewEvent(event, uuid.uuid4(), EventMetadata.for_actor(SYSTEM), NOW)


@pytest.fixture
def store(sqlite_url: str) -> Iterator[EventStore]:
    with EventStore.open(sqlite_url) as opened_store:
        yield opened_store


async def test_concurrent_appends_are_each_stored_once_with_their_version(store: EventStore) -> None:
    batcher = AppendBatcher(lambda: store)
    items = [opened(f"{n:02d}") for n in range(1, 41)]
    try:
        versions = await asyncio.gather(*(batcher.append(stream, new) for stream, new in items))
        again = await asyncio.gather(*(batcher.append(stream, new) for stream, new in items[:5]))
    finally:
        batcher.close()
    assert versions == [1] * 40
    assert again == [1] * 5  # a repeated append finds its event stored and writes nothing
    assert [len(store.read_stream(stream)) for stream, _ in items] == [1] * 40


async def test_a_bad_event_fails_alone_and_the_rest_of_its_group_is_stored(store: EventStore) -> None:
    batcher = AppendBatcher(lambda: store)
    good = [opened(f"{n:02d}") for n in range(1, 6)]
    bad = opened("77", stream_participant="78")  # an event of one obligation in another's stream
    try:
        results = await asyncio.gather(
            *(batcher.append(stream, new) for stream, new in [*good[:2], bad, *good[2:]]),
            return_exceptions=True,
        )
    finally:
        batcher.close()
    assert [isinstance(r, Exception) for r in results] == [False, False, True, False, False, False]
    assert [len(store.read_stream(stream)) for stream, _ in good] == [1] * 5
    assert store.read_stream(bad[0]) == []
