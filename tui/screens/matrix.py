"""Home: the matrix of participants (grouped by federal district) × measures for one cycle."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import Static

from tui.districts import (
    FEDERAL_GROUP,
    FEDERAL_GROUP_LABEL,
    FEDERAL_GROUP_SHORT,
    district_key,
    district_names,
    district_order,
)
from tui.glyphs import KIND_ORDER, CellKind, look_of
from tui.matrix_model import Matrix, build_matrix
from tui.ports import StatusLike, obligation_key
from tui.screens.base import ACTION_BINDINGS, EciScreen
from tui.screens.dialogs import ChoiceDialog, DateDialog
from tui.screens.matrix_text import EMPTY_STORE, cell_info_text, layout_for, summary_text
from tui.screens.navigation import OpenHistory, OpenSummary
from tui.widgets.key_bar import KeyBar
from tui.widgets.matrix_table import MatrixTable


class MatrixScreen(EciScreen):
    """Participants × measures; enter opens the obligation under the cursor."""

    # Help and quit first: a narrow terminal's footer cuts the tail of this list.
    BINDINGS = [
        Binding("question_mark", "app.help", "Справка"),
        Binding("q", "app.back", "Выход"),
        Binding("enter", "open", "Открыть", show=False),
        Binding("slash", "search", "Поиск"),
        Binding("f", "filter_state", "Состояние"),
        Binding("d", "district", "Округ"),
        Binding("c", "cycle", "Цикл"),
        Binding("r", "review", "Проверка"),
        Binding("o", "overdue", "Просрочки"),
        Binding("h", "history", "История"),
        Binding("m", "measure", "Мероприятие"),
        Binding("g", "region", "Регион"),
        Binding("p", "mail", "Почта"),
        Binding("s", "summary", "Сводка"),
        *ACTION_BINDINGS,
    ]

    title_prefix = "Цикл"

    def __init__(self) -> None:
        super().__init__()
        self.cycle: int | None = None
        self.district: str | None = None
        self.highlight: CellKind | None = None
        self._layout: tuple[int, int] | None = None
        # cycle → (book version, filters and day it was built for, the contacts it was built with, model)
        self._models: dict[int, tuple[tuple[object, ...], object, Matrix]] = {}

    def compose(self) -> ComposeResult:
        yield Static("Загрузка…", id="summary")
        yield Static(EMPTY_STORE, id="notice")
        yield MatrixTable(id="matrix")
        yield Static("", id="cellinfo")
        yield Static("", id="background")
        yield Static("", id="message")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#notice").display = False
        self.query_one("#background").display = False
        self.watch(self.table, "cursor_coordinate", self._cursor_moved, init=False)
        self.watch(self.app, "background_status", self._background_changed, init=True)
        self.refresh_data()

    @property
    def table(self) -> MatrixTable:
        return self.query_one("#matrix", MatrixTable)

    def message_line(self) -> Static:
        return self.query_one("#message", Static)

    def _background_changed(self, status: str) -> None:
        """Show what still runs behind the terminal (the demo's live workflows opening), or nothing."""
        line = self.query_one("#background", Static)
        line.update(status)
        line.display = bool(status)

    # --- data -------------------------------------------------------------------------------------------
    def statuses(self) -> list[StatusLike]:
        """The statuses this matrix draws (the live cycle; the history screen overrides)."""
        return self.eci.book.cycle(self.cycle) if self.cycle is not None else []

    def reference_day(self) -> dt.date:
        """The day lateness and the on-time share are judged at (today; the history screen's date)."""
        return self.eci.today()

    def refresh_data(self) -> None:
        app = self.eci
        if not app.loaded:
            return
        if app.load_error:
            self._notice(f"Ошибка: {app.load_error}")
            return
        if self.cycle is None or self.cycle not in app.book.cycles():
            self.cycle = app.requested_cycle if app.requested_cycle in app.book.cycles() else \
                app.book.default_cycle(app.today().year)
        if self.cycle is None:
            self._notice(EMPTY_STORE)
            return
        changed = app.changed_cycles
        if changed is not None and self.cycle not in changed and self.table.matrix is not None \
                and self.table.matrix.cycle == self.cycle:
            # Another cycle changed or finished loading: nothing to redraw here, but its model is
            # built now, so that switching to it only paints.
            for cycle in changed:
                if app.book.is_loaded(cycle):
                    self.model(cycle)
            return
        self.query_one("#notice").display = False
        self.table.display = True
        if not app.book.is_loaded(self.cycle):
            self.query_one("#summary", Static).update(f"Загрузка цикла {self.cycle}…")
            return
        self.redraw()

    def _notice(self, text: str) -> None:
        notice = self.query_one("#notice", Static)
        notice.update(text)
        notice.display = True
        self.table.display = False
        self.query_one("#summary", Static).update("")

    def model(self, cycle: int) -> Matrix:
        """The cycle's matrix model under the current filters, kept until anything it depends on changes."""
        key = (self.eci.book.version(cycle), self.district, self.highlight, self.reference_day())
        kept = self._models.get(cycle)
        if kept is not None and kept[0] == key and kept[1] is self.eci.contacts:
            return kept[2]
        statuses = self.statuses() if cycle == self.cycle else self.eci.book.cycle(cycle)
        matrix = build_matrix(
            statuses, self.eci.catalog.measures, self.eci.catalog.regions,
            cycle=cycle, today=self.reference_day(), district=self.district, highlight=self.highlight,
            federal=self.eci.catalog.federal_participants(),
            reachable=None if self.eci.contacts is None else frozenset(self.eci.contacts),
        )
        if self.uses_live_book:  # the history screen's statuses are its own, read once
            self._models[cycle] = (key, self.eci.contacts, matrix)
        return matrix

    def redraw(self) -> None:
        """Show the cycle's matrix model (rebuilt when its statuses, filters or day changed)."""
        if self.cycle is None:
            return
        matrix = self.model(self.cycle)
        label_width, column_width = layout_for(self.size.width or 80, len(matrix.measures))
        self._layout = (label_width, column_width)
        self.query_one("#summary", Static).update(
            summary_text(matrix, title=self.title_for(matrix.cycle), filters=self.filters_text(),
                         width=self.size.width, user=self.eci.signed_in or ""))
        self.table.show(matrix, label_width=label_width, column_width=column_width)
        self.update_cellinfo()

    def on_resize(self, event: Resize) -> None:
        if self.table.matrix is not None and layout_for(event.size.width, len(self.table.matrix.measures)) \
                != self._layout:
            self.redraw()

    def title_for(self, cycle: int) -> str:
        """The summary's title: a cycle a drill plays says so."""
        return f"Учения · {self.title_prefix}" if cycle in self.eci.drill_cycles else self.title_prefix

    def filters_text(self) -> str:
        parts = []
        if self.district is not None:
            parts.append(self._district_label(self.district))
        if self.highlight is not None:
            parts.append(look_of(self.highlight).label)
        return ", ".join(parts)

    def _district_label(self, key: str) -> str:
        if key == FEDERAL_GROUP:
            return FEDERAL_GROUP_SHORT
        for region in self.eci.catalog.regions:
            if district_key(region.federal_district) == key:
                return district_names(region.federal_district)[1]
        return key

    # --- cursor -----------------------------------------------------------------------------------------
    def _cursor_moved(self, _coordinate: object) -> None:
        self.update_cellinfo()

    def update_cellinfo(self) -> None:
        table = self.table
        matrix = table.matrix
        info = self.query_one("#cellinfo", Static)
        if matrix is None or not matrix.rows:
            info.update("Нет обязательств по выбранным условиям." if matrix is not None else "")
            return
        row = matrix.rows[min(table.cursor_row, len(matrix.rows) - 1)]
        number = matrix.measures[min(table.cursor_column, len(matrix.measures) - 1)]
        cell = table.current_cell()
        status = None
        if cell is not None and cell.obligation_id is not None:
            status = self.eci.book.get(cell.obligation_id) if self.uses_live_book else None
            status = status or self._status_in_view(cell.obligation_id)
        title = self.eci.catalog.measure_title(number)
        text = cell_info_text(row, number, title, cell, status, width=max(20, self.size.width - 2))
        info.update(text, layout=False)  # fixed height: no need to lay the screen out again

    uses_live_book = True

    def _status_in_view(self, obligation_id: str) -> StatusLike | None:
        for s in self.statuses():
            if obligation_key(s) == obligation_id:
                return s
        return None

    def selected_obligation(self) -> str | None:
        cell = self.table.current_cell()
        return cell.obligation_id if cell is not None else None

    def on_matrix_table_cell_selected(self, _event: MatrixTable.CellSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        """Open the obligation under the cursor."""
        oid = self.selected_obligation()
        if oid is not None:
            self.open_obligation(oid)

    # --- keys -------------------------------------------------------------------------------------------
    def action_search(self) -> None:
        """Jump to a participant or a measure."""
        from tui.screens.search import SearchDialog

        matrix = self.table.matrix
        participants = [r.key for r in matrix.rows if not r.is_group] if matrix else []
        self.app.push_screen(SearchDialog(self.eci.catalog, participants), self._jump)

    def _jump(self, key: str | None) -> None:
        matrix = self.table.matrix
        if not key or matrix is None:
            return
        what, _, value = key.partition(":")
        row, col = self.table.cursor_row, self.table.cursor_column
        if what == "region":
            row = matrix.row_index(value) or row
        elif what == "measure" and int(value) in matrix.measures:
            col = matrix.measures.index(int(value))
        self.table.move_cursor(row=row, column=col)
        self.table.focus()

    def action_filter_state(self) -> None:
        """Keep rows having a cell in one state."""
        choices = [("all", "все состояния")] + [
            (k.value, f"{look_of(k).glyph} {look_of(k).label}")
            for k in KIND_ORDER
            if k is not CellKind.NOT_APPLICABLE
        ]
        self.app.push_screen(
            ChoiceDialog("Показать участников с состоянием", choices,
                         self.highlight.value if self.highlight else "all"),
            self._set_highlight)

    def _set_highlight(self, key: str | None) -> None:
        if key is None:
            return
        self.highlight = None if key == "all" else CellKind(key)
        self.redraw()

    def action_district(self) -> None:
        """Keep one federal district (or the federal bodies)."""
        seen: dict[str, tuple[int, str]] = {}
        for region in self.eci.catalog.regions:
            fd = region.federal_district
            seen.setdefault(district_key(fd), (district_order(fd), district_names(fd)[0]))
        ordered = [(key, label) for key, (_order, label) in sorted(seen.items(), key=lambda kv: kv[1])]
        choices = [("all", "все округа"), *ordered, (FEDERAL_GROUP, FEDERAL_GROUP_LABEL)]
        self.app.push_screen(ChoiceDialog("Федеральный округ", choices, self.district or "all"),
                             self._set_district)

    def _set_district(self, key: str | None) -> None:
        if key is None:
            return
        self.district = None if key == "all" else key
        self.redraw()

    def action_cycle(self) -> None:
        """Switch to another cycle."""
        cycles = self.eci.book.cycles()
        drills = self.eci.drill_cycles
        choices = [(str(c), f"{c} год" + (" · учения" if c in drills else "")) for c in cycles]
        self.app.push_screen(ChoiceDialog("Отчётный цикл", choices, str(self.cycle)), self._set_cycle)

    def _set_cycle(self, key: str | None) -> None:
        if key is None:
            return
        self.cycle = int(key)
        self.refresh_data()

    def action_review(self) -> None:
        """Submissions awaiting review."""
        from tui.screens.lists import ReviewQueueScreen

        self.app.push_screen(ReviewQueueScreen())

    def action_mail(self) -> None:
        """Replies by mail awaiting a decision."""
        from tui.screens.mail import MailQuarantineScreen

        self.app.push_screen(MailQuarantineScreen())

    def action_summary(self) -> None:
        """The cycle's consolidated report of the regions' forms."""
        if self.cycle is not None:
            self.post_message(OpenSummary(self.cycle))

    def action_overdue(self) -> None:
        """Overdue obligations."""
        from tui.screens.lists import OverdueScreen

        self.app.push_screen(OverdueScreen())

    def action_history(self) -> None:
        """The matrix as of a past date."""
        cycle = self.cycle
        if cycle is None:
            return
        def show(day: dt.date | None) -> None:
            if day is not None:
                self.post_message(OpenHistory(cycle, day))

        self.app.push_screen(DateDialog(f"Матрица цикла {cycle} на дату", self.eci.today()), show)

    def action_measure(self) -> None:
        """One measure across participants, with progress per district."""
        from tui.screens.lists import MeasureScreen

        matrix = self.table.matrix
        if matrix is not None and matrix.measures and self.cycle is not None:
            number = matrix.measures[min(self.table.cursor_column, len(matrix.measures) - 1)]
            self.app.push_screen(MeasureScreen(self.cycle, number))

    def action_region(self) -> None:
        """One participant across measures."""
        from tui.screens.lists import RegionScreen

        matrix = self.table.matrix
        if matrix is not None and matrix.rows and self.cycle is not None:
            row = matrix.rows[min(self.table.cursor_row, len(matrix.rows) - 1)]
            if not row.is_group:
                self.app.push_screen(RegionScreen(self.cycle, row.key))
