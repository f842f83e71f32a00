"""The matrix widget: participants × measures drawn line by line, row labels and headings fixed.

Each screen line is joined from cached segments (one per cell, no Rich layout per cell), so a new
cycle, a filter or a cursor move repaints only the lines on screen. District heading rows are
skipped by the cursor; a redraw keeps the cursor on the same participant and measure.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.matrix_model import Cell, Matrix
from tui.widgets.matrix_lines import (
    Styles,
    cell_segment,
    heading_lines,
    label_segments,
)


class MatrixTable(ScrollView, can_focus=True):
    """Participants × measures with a cell cursor; labels stay put sideways, headings scrolling down."""

    COMPONENT_CLASSES = {
        "matrix-table--header", "matrix-table--header-cursor", "matrix-table--cursor",
    }
    DEFAULT_CSS = """
    MatrixTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        &:focus { background-tint: $foreground 5%; }
        & > .matrix-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .matrix-table--header-cursor { background: $accent-darken-1; color: $foreground; }
        & > .matrix-table--cursor { background: $block-cursor-blurred-background; }
        &:focus > .matrix-table--cursor { background: $block-cursor-background; }
    }
    """
    BINDINGS = [
        Binding("up", "cursor(-1, 0)", show=False),
        Binding("down", "cursor(1, 0)", show=False),
        Binding("left", "cursor(0, -1)", show=False),
        Binding("right", "cursor(0, 1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge_column(0)", show=False),
        Binding("end", "edge_column(1)", show=False),
        Binding("ctrl+home", "edge_row(0)", show=False),
        Binding("ctrl+end", "edge_row(1)", show=False),
    ]

    class CellHighlighted(Message):
        """The cursor moved to another cell."""

        def __init__(self, table: MatrixTable, coordinate: Coordinate) -> None:
            super().__init__()
            self.table = table
            self.coordinate = coordinate

    class CellSelected(Message):
        """The cell under the cursor was clicked again (enter is the screen's own key)."""

        def __init__(self, table: MatrixTable, coordinate: Coordinate) -> None:
            super().__init__()
            self.table = table
            self.coordinate = coordinate

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's own parameter name
        super().__init__(id=id)
        self.matrix: Matrix | None = None
        self.label_width = 14
        self.column_width = 3
        self.header_height = 1
        self._group_rows: frozenset[int] = frozenset()
        self._headings: list[list[str]] = []
        self._styles: Styles | None = None
        # (line or row, is heading, scroll x, width) → (what the cursor marked on it, the line)
        self._lines: dict[tuple[int, bool, int, int], tuple[object, Strip]] = {}

    # --- data -------------------------------------------------------------------------------------------
    def show(self, matrix: Matrix, *, label_width: int, column_width: int) -> None:
        """Draw a matrix, keeping the cursor on the same participant and measure."""
        keep = self.current_keys()
        self.matrix = matrix
        self.label_width = label_width
        self.column_width = column_width
        self._headings = heading_lines(matrix.measures, column_width)
        self.header_height = len(self._headings)
        self._group_rows = frozenset(i for i, r in enumerate(matrix.rows) if r.is_group)
        self._lines.clear()
        self.virtual_size = Size(label_width + column_width * len(matrix.measures),
                                 self.header_height + len(matrix.rows))
        self.restore(keep)
        self.refresh()

    @property
    def row_count(self) -> int:
        """Rows drawn, district headings included."""
        return len(self.matrix.rows) if self.matrix else 0

    def current_keys(self) -> tuple[str, int] | None:
        """(row key, measure number) under the cursor, to put it back after a redraw."""
        if self.matrix is None or not self.matrix.rows or not self.matrix.measures:
            return None
        row = min(self.cursor_row, len(self.matrix.rows) - 1)
        col = min(self.cursor_column, len(self.matrix.measures) - 1)
        return self.matrix.rows[row].key, self.matrix.measures[col]

    def restore(self, keys: tuple[str, int] | None) -> None:
        """Move the cursor back to a row key and measure, or to the first participant."""
        if self.matrix is None or not self.matrix.rows:
            self.set_reactive(MatrixTable.cursor_coordinate, Coordinate(0, 0))
            return
        row = self.matrix.row_index(keys[0]) if keys else None
        col = self.matrix.measures.index(keys[1]) if keys and keys[1] in self.matrix.measures else 0
        self.cursor_coordinate = Coordinate(row if row is not None else 1, col)

    def current_cell(self) -> Cell | None:
        """The cell under the cursor (None on an empty matrix or a district heading)."""
        m = self.matrix
        if m is None or not m.rows or not m.measures:
            return None
        row = m.rows[min(self.cursor_row, len(m.rows) - 1)]
        return None if row.is_group else row.cells[min(self.cursor_column, len(m.measures) - 1)]

    def label_text(self, key: str) -> str:
        """The label drawn for a row (participant code or group key), as plain text."""
        index = self.matrix.row_index(key) if self.matrix else None
        if self.matrix is None or index is None:
            return ""
        return "".join(s.text for s in label_segments(self.matrix.rows[index], self.label_width))

    # --- cursor -----------------------------------------------------------------------------------------
    # The screen watches this to describe the cell under the cursor in the same frame as the move.
    cursor_coordinate: reactive[Coordinate] = reactive(Coordinate(0, 0), repaint=False)

    @property
    def cursor_row(self) -> int:
        return self.cursor_coordinate.row

    @property
    def cursor_column(self) -> int:
        return self.cursor_coordinate.column

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        return self._valid(value)

    def watch_cursor_coordinate(self, before: Coordinate, after: Coordinate) -> None:
        self._refresh_rows(before.row, after.row)
        self._scroll_to_cursor()
        self.post_message(self.CellHighlighted(self, after))

    def _refresh_rows(self, *rows: int) -> None:
        """Repaint the headings (the cursor's column is marked there) and these rows' lines."""
        width = self.size.width
        top = self.scroll_offset.y - self.header_height
        regions = [Region(0, 0, width, self.header_height)]
        regions += [Region(0, row - top, width, 1) for row in rows
                    if self.header_height <= row - top < self.size.height]
        self.refresh(*regions)

    def move_cursor(self, *, row: int | None = None, column: int | None = None) -> None:
        """Put the cursor on a row and/or column (district headings are stepped over)."""
        self.cursor_coordinate = Coordinate(self.cursor_row if row is None else row,
                                            self.cursor_column if column is None else column)

    def _valid(self, value: Coordinate) -> Coordinate:
        """Clamp to the matrix and step over district heading rows in the direction the cursor moves."""
        rows = self.row_count
        cols = len(self.matrix.measures) if self.matrix else 0
        if not rows or not cols:
            return Coordinate(0, 0)
        value = Coordinate(min(max(value.row, 0), rows - 1), min(max(value.column, 0), cols - 1))
        if value.row not in self._group_rows:
            return value
        step = 1 if value.row >= self.cursor_row else -1
        for direction in (step, -step):
            row = value.row
            while row in self._group_rows:
                row += direction
            if 0 <= row < rows:
                return Coordinate(row, value.column)
        return value

    def _scroll_to_cursor(self) -> None:
        """Scroll just enough for the cursor cell to be seen beside the fixed labels and headings."""
        view = self.scrollable_content_region.size
        room_x = max(1, view.width - self.label_width)
        room_y = max(1, view.height - self.header_height)
        left = self.cursor_column * self.column_width
        x, y = self.scroll_offset
        if left < x:
            x = left
        elif left + self.column_width > x + room_x:
            x = left + self.column_width - room_x
        if self.cursor_row < y:
            y = self.cursor_row
        elif self.cursor_row >= y + room_y:
            y = self.cursor_row - room_y + 1
        if (x, y) != tuple(self.scroll_offset):
            self.scroll_to(x, y, animate=False, immediate=True)

    def action_cursor(self, rows: int, columns: int) -> None:
        self.move_cursor(row=self.cursor_row + rows, column=self.cursor_column + columns)

    def action_page(self, direction: int) -> None:
        page = max(1, self.scrollable_content_region.height - self.header_height)
        self.move_cursor(row=self.cursor_row + direction * page)

    def action_edge_column(self, end: int) -> None:
        self.move_cursor(column=(len(self.matrix.measures) - 1 if self.matrix else 0) if end else 0)

    def action_edge_row(self, end: int) -> None:
        self.move_cursor(row=self.row_count - 1 if end else 0)

    def on_click(self, event: events.Click) -> None:
        x, y = event.x - self.gutter.left, event.y - self.gutter.top
        if self.matrix is None or x < self.label_width or y < self.header_height:
            return
        target = Coordinate(self.scroll_offset.y + y - self.header_height,
                            (self.scroll_offset.x + x - self.label_width) // self.column_width)
        if target.row >= self.row_count or target.column >= len(self.matrix.measures):
            return
        if target == self.cursor_coordinate:
            self.post_message(self.CellSelected(self, target))
        else:
            self.cursor_coordinate = target

    # --- drawing ----------------------------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        # The styles are read once per paint, not once per line; a change of them (focus, theme)
        # drops the cached lines.
        styles = Styles(self.rich_style, self.get_component_rich_style("matrix-table--header"),
                        self.get_component_rich_style("matrix-table--header-cursor"),
                        self.get_component_rich_style("matrix-table--cursor"))
        if styles != self._styles:
            self._styles = styles
            self._lines.clear()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        styles = self._styles
        matrix = self.matrix
        if matrix is None or styles is None:
            return Strip.blank(width)
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y - self.header_height
        if y >= self.header_height and index >= len(matrix.rows):
            return Strip.blank(width, styles.base)
        # Lines without the cursor are kept until the matrix, the styles or the scroll change.
        key = (y if y < self.header_height else index, y < self.header_height, scroll_x, width)
        cursor_line = self.cursor_column if y < self.header_height else self.cursor_row == index
        cached = self._lines.get(key)
        if cached is not None and cached[0] == cursor_line:
            return cached[1]
        if y < self.header_height:
            label = [Segment(" " * self.label_width, styles.base + styles.header)]
            cells = self._heading_segments(y, styles)
        else:
            label = self._label(index, styles)
            cells = self._row_segments(index, styles)
        room = max(0, width - self.label_width)
        line = Strip.join([Strip(label, self.label_width), Strip(cells).crop(scroll_x, scroll_x + room)])
        line = line.extend_cell_length(width, styles.base)
        self._lines[key] = (cursor_line, line)
        return line

    def _heading_segments(self, line: int, styles: Styles) -> list[Segment]:
        header = styles.base + styles.header
        cursor = header + styles.header_cursor
        underline = header + Style(underline=True)
        return [Segment(text, cursor if i == self.cursor_column else (header if i % 2 else underline))
                for i, text in enumerate(self._headings[line])]

    def _label(self, index: int, styles: Styles) -> list[Segment]:
        assert self.matrix is not None
        style = styles.base + styles.header
        if index == self.cursor_row:
            style += styles.header_cursor
        return [Segment(s.text, style + s.style if s.style else style)
                for s in label_segments(self.matrix.rows[index], self.label_width)]

    def _row_segments(self, index: int, styles: Styles) -> list[Segment]:
        assert self.matrix is not None
        row = self.matrix.rows[index]
        width = self.column_width
        if row.is_group:
            return [Segment(" " * width * len(row.cells), styles.base)]
        highlight = self.matrix.highlight
        cells = [cell_segment(c.kind, width, highlight not in (None, c.kind)) for c in row.cells]
        segments = [Segment(cell.text, styles.base + cell.style) for cell in cells]
        if index == self.cursor_row and segments:
            col = min(self.cursor_column, len(segments) - 1)
            at = segments[col]
            # The cursor's background under the cell's own colour: the glyph stays readable and coloured.
            segments[col] = Segment(at.text, (at.style or Style()) + Style(bgcolor=styles.cursor.bgcolor,
                                                                          bold=True))
        return segments
