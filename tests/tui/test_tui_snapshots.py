"""Snapshots (SVG, pytest-textual-snapshot) of the matrix, an obligation's detail and the review queue."""

from __future__ import annotations

from textual.pilot import Pilot

from tui.screens.detail import DetailScreen


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the load and every worker, then for the screen to paint."""
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if getattr(pilot.app, "loaded", False):
            break
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_matrix_snapshot(snap_compare, store_url, make_app) -> None:
    app = make_app(store_url, poll_seconds=60, cycle=2023)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_detail_snapshot(snap_compare, store_url, make_app) -> None:
    async def open_detail(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.app.push_screen(DetailScreen("2023/02/78"))
        await settle(pilot)

    app = make_app(store_url, poll_seconds=60, cycle=2023)
    assert snap_compare(app, terminal_size=(100, 60), run_before=open_detail)


def test_review_queue_snapshot(snap_compare, store_url, make_app) -> None:
    async def open_queue(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)

    app = make_app(store_url, poll_seconds=60, cycle=2023)
    assert snap_compare(app, terminal_size=(120, 30), run_before=open_queue)
