"""The coordinator's terminal: the Textual app (wired to a store and Temporal by `eci.tui_wiring`).

The app keeps every status in memory (`StatusBook`), loads it in a worker thread, and polls the
store for new events every `poll_seconds`, patching only the obligations they touched.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from domain.moscow import today_in_moscow
from tui.actions import ActionRequest, ActionRunner
from tui.book import StatusBook
from tui.catalog import Catalog
from tui.ports import StatusLike
from tui.screens.navigation import OpenHistory, OpenObligation, OpenRegionForm, OpenSummary
from tui.source import ContactSummary, DataSource
from tui.summary_view import SummarySource


def moscow_today() -> dt.date:
    """Today's date in Moscow, where the plan's deadlines fall."""
    return today_in_moscow()


def keep_out_of_collections() -> None:
    """Exempt every object alive now (the statuses just read) from the cyclic garbage collector."""
    # Tens of thousands of statuses live as long as the app; a full collection walking them all froze
    # the screen for about 100 ms at random moments (an open, a key press). They hold no reference
    # cycles, so they are still freed by reference counting when replaced.
    gc.freeze()


class EciApp(App[None]):
    """Matrix of regions × measures, drill-down and actions, live from the event store."""

    CSS_PATH = "app.tcss"
    TITLE = "Ранняя помощь · мониторинг плана"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("question_mark", "help", "Справка"),
        Binding("q", "back", "Назад/выход"),
    ]

    data_version: reactive[int] = reactive(0)
    loaded: reactive[bool] = reactive(False)
    # What runs behind the terminal (a demo still loading), for the status line; "" when nothing does.
    background_status: reactive[str] = reactive("")

    def __init__(
        self,
        source: DataSource,
        catalog: Catalog,
        *,
        actions: ActionRunner | None = None,
        today: Callable[[], dt.date] = moscow_today,
        poll_seconds: float = 1.5,
        cycle: int | None = None,
        export_dir: Path | None = None,
        signed_in: str | None = None,
        summaries: SummarySource | None = None,
        background: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.background = background
        self.signed_in = signed_in
        self.summaries = summaries
        self.source = source
        self.export_dir = export_dir or Path.cwd() / "документы"
        self.catalog = catalog
        self.actions = actions
        self.today = today
        self.poll_seconds = poll_seconds
        self.requested_cycle = cycle
        self.book = StatusBook()
        self.head = 0
        self.changed_ids: frozenset[str] = frozenset()
        self.changed_cycles: frozenset[int] | None = None  # None: anything may have changed
        self.load_error: str | None = None
        # None until read: unknown contacts flag nobody, while an empty mapping flags everyone.
        self.contacts: Mapping[str, ContactSummary] | None = None
        self.drill_cycles: frozenset[int] = frozenset()  # cycles a running drill plays (marked as such)
        self._polling = False

    def on_mount(self) -> None:
        from tui.screens.matrix import MatrixScreen

        self.push_screen(MatrixScreen())
        self.load()

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Read the cycle to show first (worker thread), paint it, then read the other cycles."""
        try:
            head = self.source.head()
            drills = self.source.drills()
            hidden = {c for c, running in drills.items() if not running}
            cycles = [c for c in self.source.cycles() if c not in hidden]
            first = self._first_cycle(cycles)
            statuses = self.source.statuses(first) if first is not None else []
        except Exception as exc:  # noqa: BLE001 - any store failure is shown, not raised into the UI
            self.call_from_thread(self._failed, f"не удалось прочитать журнал событий: {exc}")
            return
        contacts = self._read_contacts()
        self.call_from_thread(self._loaded, head, cycles, first, statuses, contacts)
        self.call_from_thread(self._drills_read, drills)

    def _drills_read(self, drills: Mapping[int, bool] | None) -> None:
        """Mark the cycles a drill runs; leave out those whose drill ended (their screens redraw)."""
        if drills is None:
            return
        running = frozenset(c for c, on in drills.items() if on)
        hidden = self.book.hide(frozenset(c for c, on in drills.items() if not on))
        if hidden or running != self.drill_cycles:
            self.drill_cycles = running
            self.changed_cycles = None
            self.data_version += 1

    def _read_drills(self) -> Mapping[int, bool] | None:
        """The drilled cycles (worker thread); None when they cannot be read this time."""
        try:
            return self.source.drills()
        except Exception:  # noqa: BLE001 - the next poll tries again
            return None

    def _read_contacts(self) -> Mapping[str, ContactSummary] | None:
        """The participants' contacts (worker thread); None when they cannot be read this time."""
        try:
            return self.source.contacts()
        except Exception:  # noqa: BLE001 - the matrix still shows; the next poll tries again
            return None

    @work(thread=True, exclusive=True, group="load-rest")
    def load_rest(self) -> None:
        """Read the cycles not shown yet (worker thread), one at a time."""
        for cycle in self.book.cycles():
            if not self.book.is_loaded(cycle):
                try:
                    statuses = self.source.statuses(cycle)
                except Exception:  # noqa: BLE001 - the cycle loads when it is opened or polled
                    continue
                self.call_from_thread(self._cycle_loaded, cycle, statuses)

    def _first_cycle(self, cycles: list[int]) -> int | None:
        if self.requested_cycle in cycles:
            return self.requested_cycle
        return StatusBook(known_cycles=cycles).default_cycle(self.today().year)

    def _failed(self, message: str) -> None:
        self.load_error = message
        self.loaded = True
        self.data_version += 1

    def _loaded(
        self, head: int, cycles: list[int], first: int | None, statuses: Sequence[StatusLike],
        contacts: Mapping[str, ContactSummary] | None,
    ) -> None:
        self.book = StatusBook(known_cycles=cycles)
        self.contacts = contacts
        if first is not None:
            self.book.put_cycle(first, statuses)
        self.head = head
        self.load_error = None
        self.loaded = True
        if self.background is not None:
            self.background_status = self.background() or ""
        self.changed_cycles = None
        self.data_version += 1
        keep_out_of_collections()
        self.set_interval(self.poll_seconds, self.poll)
        # The other cycles wait until the first one is on screen: they would slow its paint.
        self.set_timer(0.3, self.load_rest)

    def _cycle_loaded(self, cycle: int, statuses: Sequence[StatusLike]) -> None:
        self.book.put_cycle(cycle, statuses)
        keep_out_of_collections()
        self.changed_ids = frozenset()
        self.changed_cycles = frozenset({cycle})
        self.data_version += 1

    def poll(self) -> None:
        """Look for new events unless a look is already under way; refresh the background's status."""
        if self.background is not None:
            self.background_status = self.background() or ""
        if not self._polling:
            self._polling = True
            self._poll()

    @work(thread=True, group="poll")
    def _poll(self) -> None:
        try:
            changes = self.source.changes_since(self.head)
            statuses = self.source.statuses_of(changes.obligation_ids) if changes.obligation_ids else ()
        except Exception:  # noqa: BLE001 - a failed poll is retried at the next tick
            self.call_from_thread(self._poll_done)
            return
        # Contacts change by import, which records no event: read them at every poll (one small query).
        contacts = self._read_contacts()
        drills = self._read_drills() if changes.head > self.head else None
        self.call_from_thread(self._apply, changes.head, changes.obligation_ids, statuses, contacts)
        self.call_from_thread(self._drills_read, drills)

    async def full_status(self, obligation_id: str) -> Any:
        """The full status of one obligation, read in a thread."""
        import asyncio

        return await asyncio.to_thread(self.source.status, obligation_id)

    def _poll_done(self) -> None:
        self._polling = False

    def _apply(
        self, head: int, ids: frozenset[str], statuses: Sequence[StatusLike],
        contacts: Mapping[str, ContactSummary] | None = None,
    ) -> None:
        self._polling = False
        new_contacts = contacts is not None and contacts != self.contacts
        if new_contacts:
            self.contacts = contacts
        new_events = head > self.head or bool(statuses)
        self.head = max(self.head, head)
        if not new_contacts and not (new_events and (statuses or ids)):
            return
        cycles = frozenset(self.book.update(statuses)) if new_events else frozenset()
        # New contacts may change any row's label, in every cycle.
        self.changed_cycles = None if new_contacts else cycles
        self.changed_ids = ids if new_events else frozenset()
        self.data_version += 1

    async def perform(self, request: ActionRequest) -> Any:
        """Run an action through the runner, then look for its events at once."""
        if self.actions is None:
            raise RuntimeError("действия недоступны: не настроено подключение к Temporal")
        result = await self.actions(request)
        self.poll()
        return result

    def on_open_obligation(self, message: OpenObligation) -> None:
        """A screen asked for an obligation's detail."""
        from tui.screens.detail import DetailScreen

        self.push_screen(DetailScreen(message.obligation_id))

    def on_open_summary(self, message: OpenSummary) -> None:
        """A screen asked for the cycle's consolidated report."""
        from tui.screens.summary import SummaryScreen

        self.push_screen(SummaryScreen(message.cycle))

    def on_open_region_form(self, message: OpenRegionForm) -> None:
        """A screen asked for a region's form at an item."""
        from tui.screens.region_form import RegionFormScreen

        self.push_screen(RegionFormScreen(message.cycle, message.region, message.item))

    def on_open_history(self, message: OpenHistory) -> None:
        """A screen asked for a cycle's matrix as of a day."""
        from tui.screens.history import HistoryScreen

        screen = HistoryScreen(message.cycle, message.day)
        if message.replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_help(self) -> None:
        """Show the keys and the legend."""
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    async def action_back(self) -> None:
        """Close the current screen; on the matrix, quit."""
        if len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.exit()

    def on_unmount(self) -> None:
        self.source.close()
        gc.unfreeze()  # what the app held can be collected again (tests run many apps in one process)
