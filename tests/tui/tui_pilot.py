"""Pilot helpers the TUI tests share: waiting for the app to load, polling, reading what a screen shows."""

from __future__ import annotations

import io
from collections.abc import Callable

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from tui.app import EciApp
from tui.widgets.text_view import TextView


async def ready(pilot: Pilot[None]) -> None:
    """Wait until the load and every worker finished and the screen settled."""
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if getattr(pilot.app, "loaded", False):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            return
    raise AssertionError("the app did not load")


async def every_cycle_loaded(pilot: Pilot[None]) -> EciApp:
    """Wait until every cycle is read (not only the one shown) and the app is idle."""
    app = pilot.app
    assert isinstance(app, EciApp)
    for _ in range(400):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.loaded and all(app.book.is_loaded(c) for c in app.book.cycles()):
            return app
        await pilot.pause(0.02)
    raise AssertionError("the cycles did not load")


async def poll_until(pilot: Pilot[None], condition: Callable[[], object], tries: int = 200) -> None:
    """Let the app run (0.05 s at a time) until `condition()` holds or the tries are spent."""
    for _ in range(tries):
        await pilot.pause(0.05)
        if condition():
            return


def text_of(app: EciApp, selector: str) -> str:
    """The plain text a Static shows (strings, Rich text and tables alike)."""
    content = app.screen.query_one(selector, Static).content
    if isinstance(content, str):
        return content
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(content)
    return console.file.getvalue()


def detail_text(app: EciApp) -> str:
    """The plain text of the obligation screen (status, measure, documents, reminders, timeline)."""
    return app.screen.query_one("#detail", TextView).plain
