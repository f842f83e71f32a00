"""The drill's cycle: marked as a drill while it runs, left out of the cycle list once the drill ended
(or its time is up), and kept when the cycle holds obligations of its own."""

from __future__ import annotations

import datetime as dt
import uuid

from store_events import new, opened, stream_of
from tui_pilot import ready, text_of

from domain.actors import COORDINATOR
from domain.drill.events import DrillEnded, DrillStarted, drill_stream
from domain.eventing.metadata import EventMetadata
from store.event_store import EventStore, NewEvent
from tui.store_source import StoreSource

DRILL = ("2030/05/77", "2030/07/77")


STREAM = drill_stream(2030)


def _record(url: str, event: DrillStarted | DrillEnded) -> None:
    meta = EventMetadata.for_actor(COORDINATOR, cause="test")
    with EventStore.open(url) as store:
        store.append(STREAM, [NewEvent(event, uuid.uuid4(), meta, dt.datetime.now(dt.UTC))])


def _end(url: str) -> None:
    _record(url, DrillEnded(obligation_id=STREAM, cycle=2030))


def _drill(url: str, *, ended: bool, ends_in: dt.timedelta = dt.timedelta(minutes=10)) -> None:
    with EventStore.open(url) as store:
        for oid in DRILL:
            store.append(stream_of(oid), [new(opened(oid))])
    ends_at = dt.datetime.now(dt.UTC) + ends_in
    _record(url, DrillStarted(obligation_id=STREAM, cycle=2030, obligations=DRILL, ends_at=ends_at))
    if ended:
        _end(url)


def test_a_running_drill_is_marked_and_an_ended_one_left_out(store_url: str) -> None:
    _drill(store_url, ended=False)
    source = StoreSource.open(store_url)
    try:
        assert source.drills() == {2030: True}
        _end(store_url)
        assert source.drills() == {2030: False}
    finally:
        source.close()


def test_a_drill_whose_time_is_up_counts_as_ended(store_url: str) -> None:
    _drill(store_url, ended=False, ends_in=dt.timedelta(minutes=-1))
    source = StoreSource.open(store_url)
    try:
        assert source.drills() == {2030: False}
    finally:
        source.close()


def test_a_cycle_with_obligations_beyond_the_drill_stays_listed(store_url: str) -> None:
    _drill(store_url, ended=True)
    with EventStore.open(store_url) as store:
        store.append(stream_of("2030/05/50"), [new(opened("2030/05/50"))])
    source = StoreSource.open(store_url)
    try:
        assert source.drills() == {}
    finally:
        source.close()


async def test_the_terminal_marks_a_running_drill_and_drops_an_ended_one(store_url: str, make_app) -> None:  # type: ignore[no-untyped-def]
    _drill(store_url, ended=False)
    app = make_app(store_url, cycle=2030)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.drill_cycles == frozenset({2030})
        assert 2030 in app.book.cycles()
        assert "Учения · Цикл 2030" in text_of(app, "#summary")
        _end(store_url)
        for _ in range(100):
            await pilot.pause(0.05)
            if 2030 not in app.book.cycles():
                break
        assert 2030 not in app.book.cycles()
        assert app.screen.cycle != 2030, "the matrix moved to another cycle"
        assert "Учения" not in text_of(app, "#summary")
