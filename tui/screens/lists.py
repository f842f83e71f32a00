"""List screens: review queue, overdue list, one measure across participants, one participant's measures."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui.format import days_text, fmt_date, fmt_moment, truncate
from tui.glyphs import CellKind, look_of
from tui.lists_model import OverdueRow, QueueRow, measure_progress, overdue_list, region_rows, review_queue
from tui.screens.base import ACTION_BINDINGS, EciScreen
from tui.widgets.key_bar import KeyBar

Row = tuple[str, Sequence[str | Text]]  # (obligation id, cells)
BAR_WIDTH = 20


def progress_bar(share: float, width: int = BAR_WIDTH) -> Text:
    """`██████░░░░ 60 %`: a bar readable without colour."""
    filled = round(share * width)
    bar = Text("█" * filled, style="green")
    bar.append("░" * (width - filled), style="grey42")
    bar.append(f" {share * 100:3.0f} %")
    return bar


def glyph_label(kind: CellKind) -> Text:
    """`✓ принято`, coloured."""
    look = look_of(kind)
    return Text(f"{look.glyph} {look.label}", style=look.style)


class ListScreen(EciScreen):
    """A heading, a row table whose rows are obligations (enter opens one), a message line, the footer."""

    BINDINGS = [Binding("enter", "open", "Открыть", show=False), *ACTION_BINDINGS]
    columns: tuple[tuple[str, int | None], ...] = ()  # (label, fixed width or None for auto)

    def compose(self) -> ComposeResult:
        yield Static("", id="heading")
        yield DataTable(id="rows", cursor_type="row", zebra_stripes=True)
        yield Static("", id="message")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#rows", DataTable)
        for label, width in self.columns:
            table.add_column(label, width=width)
        table.focus()
        self.refresh_data()

    def current_key(self) -> str | None:
        """The key of the row under the cursor, kept across a refresh (rows are keyed by obligation)."""
        return self.selected_obligation()

    def message_line(self) -> Static:
        return self.query_one("#message", Static)

    def heading(self) -> Text | str:
        """The line above the table (override)."""
        return ""

    def rows(self) -> list[Row]:
        """The table's rows (override)."""
        return []

    def refresh_data(self) -> None:
        table = self.query_one("#rows", DataTable)
        keep = self.current_key()
        table.clear()
        for key, cells in self.rows():
            table.add_row(*cells, key=key)
        self.query_one("#heading", Static).update(self.heading())
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(keep))
            except Exception:  # noqa: BLE001 - the row left the list (e.g. accepted): stay where we are
                pass

    def selected_obligation(self) -> str | None:
        table = self.query_one("#rows", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key if key and "/" in key else None

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        """Open the obligation under the cursor."""
        oid = self.selected_obligation()
        if oid is not None:
            self.open_obligation(oid)


class ReviewQueueScreen(ListScreen):
    """Every submission awaiting the coordinator, oldest first, all cycles."""

    columns = (("Подано", 16), ("Ждёт", 10), ("Обязательство", 13), ("Срок", 10), ("Участник", 24),
               ("Мероприятие", None))

    def heading(self) -> Text:
        count = sum(1 for _ in self._queue())
        return Text.assemble(("Очередь проверки", "bold"),
                             f" · ждут решения: {count} · сначала самые старые · a принять, x вернуть")

    def _queue(self) -> list[QueueRow]:
        statuses = self.eci.book.all()
        return review_queue(statuses, self.eci.today())

    def rows(self) -> list[Row]:
        cat = self.eci.catalog
        return [
            (r.obligation_id, (
                fmt_moment(r.submitted_at),
                days_text(r.days_waiting) if r.days_waiting is not None else "—",
                r.obligation_id,
                fmt_date(r.effective_due),
                truncate(cat.participant_label(r.participant), 24),
                truncate(f"{r.measure}. {cat.measure_title(r.measure)}", 60),
            ))
            for r in self._queue()
        ]


class OverdueScreen(ListScreen):
    """Every overdue obligation, the most days late first, all cycles."""

    columns = (("Просрочка", 9), ("Срок", 10), ("Обязательство", 13), ("Участник", 28), ("Мероприятие", None))

    def _list(self) -> list[OverdueRow]:
        statuses = self.eci.book.all()
        return overdue_list(statuses, self.eci.today())

    def heading(self) -> Text:
        return Text.assemble(("Просроченные обязательства", "bold"),
                             f" · {len(self._list())} · по числу дней просрочки · e продлить, w освободить")

    def rows(self) -> list[Row]:
        cat = self.eci.catalog
        return [
            (r.obligation_id, (
                Text(days_text(r.days_late), style="bold red"),
                fmt_date(r.effective_due),
                r.obligation_id,
                truncate(cat.participant_label(r.participant), 28),
                truncate(f"{r.measure}. {cat.measure_title(r.measure)}", 60),
            ))
            for r in self._list()
        ]


class MeasureScreen(ListScreen):
    """One measure of one cycle: a progress bar per district, then every participant's state."""

    columns = (("Округ / участник", 40), ("Состояние / выполнено", None))

    def __init__(self, cycle: int, measure: int) -> None:
        super().__init__()
        self.cycle = cycle
        self.measure = measure

    def heading(self) -> Text:
        return Text.assemble((f"Мероприятие {self.measure} · цикл {self.cycle}\n", "bold"),
                             truncate(self.eci.catalog.measure_title(self.measure), 300))

    def rows(self) -> list[Row]:
        progress, cells = measure_progress(self.eci.book.cycle(self.cycle), self.measure,
                                           self.eci.catalog.regions)
        rows: list[Row] = []
        for p in progress:
            bar = progress_bar(p.share)
            bar.append(f"  {p.done} из {p.total}")
            rows.append((f"group:{p.key}", (Text(truncate(p.label, 40), style="bold"), bar)))
            for c in (c for c in cells if c.group == p.key):
                name = truncate(self.eci.catalog.participant_label(c.participant), 40)
                rows.append((c.obligation_id, (f"  {name}", glyph_label(c.kind))))
        return rows


class RegionScreen(ListScreen):
    """One participant of one cycle across measures."""

    columns = (("№", 2), ("Состояние", 14), ("Срок", 10), ("Факт. срок", 10), ("Подано", 16),
               ("Мероприятие", None))

    def __init__(self, cycle: int, participant: str) -> None:
        super().__init__()
        self.cycle = cycle
        self.participant = participant

    def heading(self) -> Text:
        return Text.assemble((self.eci.catalog.participant_label(self.participant), "bold"),
                             f" · цикл {self.cycle}")

    def rows(self) -> list[Row]:
        return [
            (r.obligation_id, (str(r.measure), glyph_label(r.kind), fmt_date(r.due),
                               fmt_date(r.effective_due), fmt_moment(r.submitted_at), truncate(r.title, 80)))
            for r in region_rows(self.eci.book.cycle(self.cycle), self.participant, self.eci.catalog.measures)
        ]
