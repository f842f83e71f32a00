"""History: the matrix of one cycle as it stood at the end of a past date (the fold's as-of)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from textual import work
from textual.binding import Binding
from textual.widgets import Static

from domain.moscow import MOSCOW
from tui.format import fmt_date
from tui.ports import StatusLike
from tui.screens.matrix import MatrixScreen
from tui.screens.navigation import OpenHistory


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of a Moscow calendar day."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=MOSCOW)


class HistoryScreen(MatrixScreen):
    """A read-only matrix as of a date; enter still opens the obligation's current detail."""

    BINDINGS = [
        Binding("question_mark", "app.help", "Справка"),
        Binding("q", "app.back", "Назад"),
        Binding("enter", "open", "Открыть", show=False),
        Binding("slash", "search", "Поиск"),
        Binding("f", "filter_state", "Состояние"),
        Binding("d", "district", "Округ"),
        Binding("h", "history", "Другая дата"),
        Binding("m", "noop", show=False),
        Binding("g", "noop", show=False),
        Binding("c", "noop", show=False),
        Binding("r", "noop", show=False),
        Binding("o", "noop", show=False),
        Binding("p", "noop", show=False),
        Binding("a,x,w,e", "noop", show=False),
    ]
    uses_live_book = False

    def __init__(self, cycle: int, day: dt.date) -> None:
        super().__init__()
        self.cycle = cycle
        self.day = day
        self.title_prefix = f"На {fmt_date(day)} · цикл"
        self._statuses: Sequence[StatusLike] | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#summary", Static).update(f"Свёртка журнала на {fmt_date(self.day)}…")
        self.load()

    @work(thread=True, exclusive=True, group="history")
    def load(self) -> None:
        """Fold the cycle's events up to the end of the day (worker thread)."""
        cycle = self.cycle
        assert cycle is not None
        statuses = self.eci.source.statuses_as_of(cycle, end_of_day(self.day))
        self.app.call_from_thread(self._loaded, statuses)

    def _loaded(self, statuses: Sequence[StatusLike]) -> None:
        self._statuses = statuses
        self.redraw()

    def reference_day(self) -> dt.date:
        return self.day

    def statuses(self) -> list[StatusLike]:
        return list(self._statuses or ())

    def refresh_data(self) -> None:
        # The past does not change; a live update does not touch this screen.
        if self._statuses is not None:
            self.redraw()

    def action_noop(self) -> None:
        """Keys that only apply to the live matrix."""
        self.say("В режиме истории доступны: поиск, фильтры, открытие обязательства, другая дата, q — назад.")

    def action_history(self) -> None:
        from tui.screens.dialogs import DateDialog

        cycle = self.cycle
        assert cycle is not None
        def show(day: dt.date | None) -> None:
            if day is not None:
                self.post_message(OpenHistory(cycle, day, replace=True))

        self.app.push_screen(DateDialog(f"Матрица цикла {cycle} на дату", self.day), show)
