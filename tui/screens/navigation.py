"""Requests from a screen to open another one, handled by the app.

A screen that imported the screen it opens would close a circle wherever the opened screen builds on
the opener (the detail on the base screen, the history on the matrix); the app, which imports every
screen anyway, opens them instead.
"""

from __future__ import annotations

import datetime as dt

from textual.message import Message


class OpenObligation(Message):
    """Show one obligation's detail."""

    def __init__(self, obligation_id: str) -> None:
        super().__init__()
        self.obligation_id = obligation_id


class OpenSummary(Message):
    """Show the cycle's consolidated report («Сводка»)."""

    def __init__(self, cycle: int) -> None:
        super().__init__()
        self.cycle = cycle


class OpenRegionForm(Message):
    """Show a region's form of a cycle at one item."""

    def __init__(self, cycle: int, region: str, item: str) -> None:
        super().__init__()
        self.cycle = cycle
        self.region = region
        self.item = item


class OpenHistory(Message):
    """Show a cycle's matrix as of a day; `replace` swaps the current history screen for it."""

    def __init__(self, cycle: int, day: dt.date, *, replace: bool = False) -> None:
        super().__init__()
        self.cycle = cycle
        self.day = day
        self.replace = replace
