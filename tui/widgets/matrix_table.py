"""The matrix widget: a DataTable of glyph cells with region names as sticky row labels.

District heading rows are skipped by the cursor; a live update patches changed cells in place
when the shape is unchanged, so the cursor and scroll position stay put.
"""

from __future__ import annotations

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from tui.format import truncate
from tui.glyphs import CellKind, look_of
from tui.matrix_model import Cell, Matrix, MatrixRow

DIMMED = "grey35"
NO_CONTACT_MARK = "*"  # after the name of a participant without a usable contact (legend: header, help)


def cell_text(cell: Cell, width: int, highlight: CellKind | None) -> Text:
    """The glyph of a cell, centred in its column, coloured by kind (dimmed when filtered out)."""
    look = look_of(cell.kind)
    style = look.style if highlight is None or cell.kind is highlight else DIMMED
    return Text(look.glyph.center(width), style=style)


def row_label(row: MatrixRow, width: int) -> Text:
    """A participant's name, with the no-contact mark after it (kept even when the name is cut short)."""
    if not row.no_contact:
        return Text(truncate(row.label, width).ljust(width))
    text = Text(truncate(row.label, width - 2))
    text.append(f" {NO_CONTACT_MARK}", style="bold yellow")
    text.pad_right(width - text.cell_len)
    return text


class MatrixTable(DataTable[Text]):
    """Participants × measures; row labels stay put scrolling sideways, the header scrolling down."""

    DEFAULT_CSS = """
    MatrixTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's own parameter name
        super().__init__(id=id, cursor_type="cell", cell_padding=0, zebra_stripes=False)
        self.matrix: Matrix | None = None
        self._group_rows: frozenset[int] = frozenset()
        self._shape: tuple[tuple[tuple[str, bool], ...], tuple[int, ...], int, int] | None = None

    def show(self, matrix: Matrix, *, label_width: int, column_width: int) -> None:
        """Draw a matrix; patch cells in place when rows, columns and widths are unchanged."""
        rows = tuple((r.key, r.no_contact) for r in matrix.rows)
        shape = (rows, matrix.measures, label_width, column_width)
        old = self.matrix
        if old is not None and shape == self._shape and old.highlight == matrix.highlight:
            self._patch(old, matrix, column_width)
            self.matrix = matrix
            return
        keep = self.current_keys()
        self.matrix = matrix
        self._shape = shape
        self.clear(columns=True)
        # Two-digit numbers in two-character columns would run together: write tens above units.
        self.header_height = 1 if column_width > 2 else 2
        for i, number in enumerate(matrix.measures):
            heading = str(number).center(column_width)
            if column_width == 2:
                heading = f"{number // 10 or ' '}\n{number % 10}"
            self.add_column(Text(heading, style="bold" if i % 2 else "bold underline"), width=column_width,
                            key=str(number))
        self._group_rows = frozenset(i for i, r in enumerate(matrix.rows) if r.is_group)
        for row in matrix.rows:
            if row.is_group:
                text = row.label if len(row.label) <= label_width else row.short_label or row.label
                label = Text(truncate(text, label_width).ljust(label_width), style="bold reverse")
                cells = [Text(" " * column_width) for _ in matrix.measures]
            else:
                label = row_label(row, label_width)
                cells = [cell_text(c, column_width, matrix.highlight) for c in row.cells]
            self.add_row(*cells, key=row.key, label=label)
        self.restore(keep)

    def _patch(self, old: Matrix, new: Matrix, column_width: int) -> None:
        # Widths are fixed, so changed cells can be replaced in the table's data and the render
        # caches dropped once: thousands of `update_cell_at` calls (a cycle switch) would each
        # re-measure and refresh.
        keys = [str(n) for n in new.measures]
        changed = False
        for before, after in zip(old.rows, new.rows, strict=True):
            if before.cells == after.cells or after.is_group:
                continue
            row = self._data[after.key]  # type: ignore[index]
            for key, a, b in zip(keys, before.cells, after.cells, strict=True):
                if a != b:
                    row[key] = cell_text(b, column_width, new.highlight)  # type: ignore[index]
                    changed = True
        if changed:
            self._clear_caches()
            self.refresh()

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
            return
        row = self.matrix.row_index(keys[0]) if keys else None
        col = self.matrix.measures.index(keys[1]) if keys and keys[1] in self.matrix.measures else 0
        self.cursor_coordinate = Coordinate(row if row is not None else 1, col)

    def current_cell(self) -> Cell | None:
        """The cell under the cursor (None on an empty matrix)."""
        m = self.matrix
        if m is None or not m.rows or not m.measures:
            return None
        row = m.rows[min(self.cursor_row, len(m.rows) - 1)]
        return None if row.is_group else row.cells[min(self.cursor_column, len(m.measures) - 1)]

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        """Step over district heading rows in the direction the cursor moves."""
        value = super().validate_cursor_coordinate(value)
        if value.row not in self._group_rows:
            return value
        step = 1 if value.row >= self.cursor_coordinate.row else -1
        for direction in (step, -step):
            row = value.row
            while row in self._group_rows:
                row += direction
            if 0 <= row < self.row_count:
                return Coordinate(row, value.column)
        return value
