"""What a screen reads from the app it runs in: the data the app keeps and the one action it performs.

Screens depend on this protocol, not on `tui.app`, because the app imports the screens it opens; with
the concrete class on both sides the two modules imported each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from tui.actions import ActionRequest
from tui.book import StatusBook
from tui.catalog import Catalog
from tui.source import ContactSummary, DataSource
from tui.summary_view import SummarySource


class TrackerApp(Protocol):
    """The tracker's app as the screens see it."""

    source: DataSource
    catalog: Catalog
    book: StatusBook
    requested_cycle: int | None
    changed_ids: frozenset[str]
    changed_cycles: frozenset[int] | None
    load_error: str | None
    contacts: Mapping[str, ContactSummary] | None
    export_dir: Path  # where the detail screen saves an obligation's documents
    signed_in: str | None  # the person the actions are taken and signed as, "Name (login)"
    summaries: SummarySource | None  # the consolidated report and the regions' forms («Сводка»)
    drill_cycles: frozenset[int]  # cycles a running drill plays

    @property
    def loaded(self) -> bool: ...

    @property
    def background_status(self) -> str: ...

    def today(self) -> dt.date: ...

    async def perform(self, request: ActionRequest) -> Any: ...
