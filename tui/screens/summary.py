"""«Сводка»: the cycle's consolidated report in the terminal — forms filed, the key indicators and the
findings of the validation rules; Enter on a finding opens that region's form at that item."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui.format import truncate
from tui.screens.base import EciScreen
from tui.screens.navigation import OpenRegionForm
from tui.summary_view import SummaryView
from tui.widgets.key_bar import KeyBar


class SummaryScreen(EciScreen):
    """Key figures on top, the findings below as a list; Enter opens the region's form at the item."""

    BINDINGS = [
        Binding("q", "app.back", "Назад"),
        Binding("enter", "open_finding", "Форма субъекта"),
    ]

    def __init__(self, cycle: int) -> None:
        super().__init__()
        self.cycle = cycle
        self.view: SummaryView | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"Сводка за {self.cycle} год: загрузка…", id="heading")
        yield Static("", id="figures")
        yield DataTable(id="findings", cursor_type="row", zebra_stripes=True)
        yield Static("", id="message")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#findings", DataTable)
        for label, width in (("Код", 4), ("Субъект", 28), ("Пункт", 7), ("Правило", 30), ("Замечание", None)):
            table.add_column(label, width=width)
        table.focus()
        self.load()

    def message_line(self) -> Static:
        return self.query_one("#message", Static)

    @work(thread=True, exclusive=True, group="summary")
    def load(self) -> None:
        """Build the summary (worker thread: it reads every region's form)."""
        source = self.eci.summaries
        if source is None:
            self.app.call_from_thread(self.say, "Сводка недоступна: нет источника форм.", error=True)
            return
        try:
            view = source.summary(self.cycle, self.eci.today())
        except Exception as exc:  # noqa: BLE001 - any failure is one line on the screen
            self.app.call_from_thread(self.say, f"Ошибка: {exc}", error=True)
            return
        self.app.call_from_thread(self._show, view)

    def _show(self, view: SummaryView) -> None:
        self.view = view
        self.query_one("#heading", Static).update(
            Text.assemble((view.heading, "bold"), f"\n{view.forms} · замечаний: {len(view.findings)}")
        )
        self.query_one("#figures", Static).update(_figures(view))
        table = self.query_one("#findings", DataTable)
        table.clear()
        for n, f in enumerate(view.findings):
            table.add_row(f.region, truncate(f.region_name, 28), f.item, truncate(f.rule, 30), f.message,
                          key=str(n))

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        # The table takes Enter itself (as a row selection): the screen's binding never sees it.
        self.action_open_finding()

    def action_open_finding(self) -> None:
        """Open the region's form at the item of the finding under the cursor."""
        if not self.view or not self.view.findings:
            self.say("Замечаний нет.")
            return
        table = self.query_one("#findings", DataTable)
        finding = self.view.findings[table.cursor_row]
        self.post_message(OpenRegionForm(self.cycle, finding.region, finding.item))


def _figures(view: SummaryView) -> Group:
    grid = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    grid.add_column("Ключевой показатель")
    grid.add_column(f"{view.cycle}", justify="right")
    grid.add_column(f"{view.cycle - 1}", justify="right")
    grid.add_column("Изменение", justify="right")
    for row in view.figures:
        grid.add_row(row.label, row.current, row.previous, row.change)
    return Group(grid, *(Text(line, style="dim") for line in view.presences))
