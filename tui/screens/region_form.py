"""A region's form of a cycle, item by item, opened at one item (from a finding of the «Сводка»)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui.screens.base import EciScreen
from tui.summary_view import RegionFormView
from tui.widgets.key_bar import KeyBar


class RegionFormScreen(EciScreen):
    """Questions in bold with their answers under them; the cursor starts on `item`."""

    BINDINGS = [Binding("q", "app.back", "Назад")]

    def __init__(self, cycle: int, region: str, item: str) -> None:
        super().__init__()
        self.cycle = cycle
        self.region_code = region
        self.item = item
        self.view: RegionFormView | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"Форма субъекта {self.region_code} за {self.cycle} год: загрузка…", id="heading")
        yield DataTable(id="form", cursor_type="row", show_header=False)
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#form", DataTable)
        table.add_column("Пункт", width=9)
        table.add_column("Текст")
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="region-form")
    def load(self) -> None:
        """Read the region's form (worker thread)."""
        source = self.eci.summaries
        if source is None:
            return
        try:
            view = source.region_form(self.cycle, self.region_code)
        except Exception as exc:  # noqa: BLE001 - any failure is one line on the screen
            self.app.call_from_thread(self.query_one("#heading", Static).update, f"Ошибка: {exc}")
            return
        self.app.call_from_thread(self._show, view)

    def _show(self, view: RegionFormView) -> None:
        self.view = view
        self.query_one("#heading", Static).update(
            Text.assemble((view.title, "bold"), f"\n{view.source} · пункт {self.item}")
        )
        table = self.query_one("#form", DataTable)
        table.clear()
        target = 0
        for n, line in enumerate(view.lines):
            number = line.item if line.is_question else ""
            text = Text(line.text, style="bold") if line.is_question else Text("  " + line.text)
            table.add_row(number, text, key=str(n))
            if line.is_question and not target and _is_at(line.item, self.item):
                target = n
        table.move_cursor(row=target, scroll=False)
        # Scrolled once the rows are laid out, so that the item's question is the top line.
        self.call_after_refresh(table.scroll_to, y=target, animate=False)

    @property
    def current_item(self) -> str | None:
        """The item of the line under the cursor."""
        if self.view is None or not self.view.lines:
            return None
        return self.view.lines[self.query_one("#form", DataTable).cursor_row].item


def _is_at(line_item: str, item: str) -> bool:
    """A table's lines carry its key (7.1-7.3): a column of it counts as the table."""
    if line_item == item:
        return True
    if "-" in line_item:
        first, last = line_item.split("-")
        prefix = first.rsplit(".", 1)[0]
        if item.rsplit(".", 1)[0] == prefix:
            low, high = int(first.rsplit(".", 1)[1]), int(last.rsplit(".", 1)[1])
            tail = item.rsplit(".", 1)[1]
            return tail.isdigit() and low <= int(tail) <= high
    return False
