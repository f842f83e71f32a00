"""XLSX rendering: one sheet per view, frozen header row, auto-filter, column widths, print setup.

Written in openpyxl's streaming (write-only) mode: a full cycle has thousands of rows.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reports.print_setup import print_setup
from reports.tables import Cell, CellKind, Column, Table

_FIXED_TIME = dt.datetime(2000, 1, 1)  # noqa: DTZ001 - workbook metadata, kept constant for stable bytes
_SHEET_NAME_MAX = 31
_FORMATS = {
    CellKind.DATE: "DD.MM.YYYY",
    CellKind.PERCENT: "0.0%",
    CellKind.INT: "#,##0",
    CellKind.NUMBER: "#,##0.0",
}
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def render_xlsx(header_lines: Sequence[str], tables: Sequence[Table]) -> bytes:
    """A workbook with a provenance sheet first, then one sheet per table."""
    book = Workbook(write_only=True)
    info = book.create_sheet("Сведения")
    info.column_dimensions["A"].width = 100
    print_setup(info, columns=1, rows=len(header_lines), width=100, head_rows=0)
    for line in header_lines:
        info.append([line])
    for table in tables:
        _add_sheet(book, table)
    book.properties.created = _FIXED_TIME
    book.properties.modified = _FIXED_TIME
    book.properties.creator = "eci"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _add_sheet(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(table.title[:_SHEET_NAME_MAX])
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    width = sum(c.width for c in table.columns)
    print_setup(sheet, columns=len(table.columns), rows=len(table.rows) + 1, width=width)
    sheet.append([_header(sheet, c) for c in table.columns])
    formatted = [(n, _FORMATS[c.kind]) for n, c in enumerate(table.columns) if c.kind in _FORMATS]
    for row in table.rows:
        sheet.append(_row(sheet, row, formatted))


def _header(sheet: Any, column: Column) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=column.title)
    cell.font = _BOLD
    cell.alignment = _WRAP
    return cell


def _row(sheet: Any, row: tuple[Cell, ...], formatted: list[tuple[int, str]]) -> list[Any]:
    values: list[Any] = list(row)
    for index, number_format in formatted:
        if values[index] is not None:
            cell = WriteOnlyCell(sheet, value=values[index])
            cell.number_format = number_format
            values[index] = cell
    return values
