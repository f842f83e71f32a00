"""The drill's cycle is listed marked as a drill while it runs, and leaves the cycle list when it ends."""

from __future__ import annotations

import datetime as dt
import uuid

from textual.widgets import OptionList
from tui_pilot import poll_until, ready

from demo.drill import drill_terms
from domain.eventing.base import DomainEvent
from domain.eventing.metadata import EventMetadata
from domain.obligation.drill import DrillEnded, DrillStarted, drill_stream
from domain.obligation.events import ObligationOpened
from domain.obligation.plan import get_obligation
from store.event_store import EventStore
from store.records import NewEvent

COORDINATOR = EventMetadata(actor="coordinator", role="coordinator")
NOW = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)


def _append(url: str, stream: str, *events: DomainEvent) -> None:
    with EventStore.open(url) as store:
        store.append(stream, [NewEvent(e, uuid.uuid4(), COORDINATOR, NOW) for e in events])


def _opened(oid: str, cycle: int, measure: int, participant: str, due: dt.date) -> ObligationOpened:
    return ObligationOpened(
        obligation_id=oid, cycle=cycle, measure=measure, participant=participant, due=due, effective_due=due
    )


def _fill(url: str) -> list[str]:
    live = get_obligation("2026/05/01")
    _append(url, live.id.stream, _opened(str(live.id), 2026, 5, "01", live.due))
    terms = drill_terms(NOW, ["01"])
    ids = [t.obligation_id for t in terms]
    started = DrillStarted(obligation_id=drill_stream(2030), cycle=2030, obligations=tuple(ids))
    _append(url, drill_stream(2030), started)
    for t in terms:
        _append(url, t.workflow_id, _opened(t.obligation_id, 2030, t.measure, t.participant, t.deadline.due))
    return ids


async def test_a_running_drill_is_marked_and_an_ended_one_leaves_the_list(empty_store_url, make_app) -> None:
    _fill(empty_store_url)
    app = make_app(empty_store_url, poll_seconds=0.2, cycle=2026)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.book.cycles() == [2026, 2030]
        assert app.drill_cycles == frozenset({2030})
        await pilot.press("c")
        await pilot.pause()
        options = app.screen.query_one("#choices", OptionList)
        listed = " ".join(str(options.get_option_at_index(i).prompt) for i in range(options.option_count))
        assert "2030 год (учения)" in listed
        assert "2026 год (учения)" not in listed
        await pilot.press("escape")

        _append(empty_store_url, drill_stream(2030), DrillEnded(obligation_id=drill_stream(2030), cycle=2030))
        await poll_until(pilot, lambda: app.book.cycles() == [2026])
        assert app.book.cycles() == [2026]
        assert app.drill_cycles == frozenset()
