"""The obligation detail says when its effective date rests on a year the calendar only guesses."""

from __future__ import annotations

import datetime as dt

from tui_pilot import detail_text, poll_until, ready
from tui_sample_store import PARTICIPANTS

from demo.tui_sample_history import sample_streams
from domain.moscow import MOSCOW
from store.event_store import Batch, EventStore
from tui.screens.detail import DetailScreen

PROVISIONAL = "(предварительно: производственный календарь года ещё не утверждён)"


def _fill(url: str) -> None:
    """Cycles 2026 and 2028 as they stand early in 2029, every obligation opened."""
    now = dt.datetime(2029, 1, 20, 12, tzinfo=MOSCOW)
    with EventStore.open(url) as store:
        streams = sample_streams((2026, 2028), now, participants=PARTICIPANTS)
        store.append_many([Batch(stream, events, 0) for stream, events in streams])


async def test_detail_marks_an_effective_date_in_a_year_without_a_decree(empty_store_url, make_app) -> None:
    _fill(empty_store_url)
    app = make_app(empty_store_url, poll_seconds=60, cycle=2028)
    async with app.run_test(size=(120, 50)) as pilot:
        await ready(pilot)
        await app.push_screen(DetailScreen("2028/02/77"))  # due 15.04.2029: no decree for 2029 yet
        await poll_until(pilot, lambda: "Срок:" in detail_text(app), tries=100)
        assert PROVISIONAL in detail_text(app)
        await app.push_screen(DetailScreen("2026/02/77"))  # due 15.04.2027: the 2027 decree applies
        await poll_until(pilot, lambda: "Срок:" in detail_text(app), tries=100)
        assert "Срок: 15.04.2027" in detail_text(app)
        assert "предварительно" not in detail_text(app)
