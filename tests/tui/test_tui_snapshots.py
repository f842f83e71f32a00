"""Snapshots (SVG, pytest-textual-snapshot) of the matrix, an obligation's detail and the review queue."""

from __future__ import annotations

from textual.pilot import Pilot
from tui_pilot import ready

from tui.screens.detail import DetailScreen


def test_matrix_snapshot(snap_compare, store_url, make_app) -> None:
    app = make_app(store_url, poll_seconds=60, cycle=2023)
    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


def test_detail_snapshot(snap_compare, store_url, make_app) -> None:
    async def open_detail(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.app.push_screen(DetailScreen("2023/02/78"))
        await ready(pilot)

    app = make_app(store_url, poll_seconds=60, cycle=2023)
    assert snap_compare(app, terminal_size=(100, 60), run_before=open_detail)


def test_review_queue_snapshot(snap_compare, store_url, make_app) -> None:
    async def open_queue(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("r")
        await ready(pilot)

    app = make_app(store_url, poll_seconds=60, cycle=2023)
    assert snap_compare(app, terminal_size=(120, 30), run_before=open_queue)
