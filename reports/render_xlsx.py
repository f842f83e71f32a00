"""XLSX rendering: one sheet per view, frozen header row, auto-filter, column widths."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reports.tables import CellKind, Table

_FIXED_TIME = dt.datetime(2000, 1, 1)  # noqa: DTZ001 - workbook metadata, kept constant for stable bytes
_SHEET_NAME_MAX = 31


def render_xlsx(header_lines: Sequence[str], tables: Sequence[Table]) -> bytes:
    """A workbook with a provenance sheet first, then one sheet per table."""
    book = Workbook()
    info = book.active
    info.title = "Сведения"
    for line in header_lines:
        info.append([line])
    info.column_dimensions["A"].width = 100
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
    sheet.append([c.title for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        sheet.append(list(row))
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        _format_column(sheet, letter, column.kind, len(table.rows))
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"


def _format_column(sheet: object, letter: str, kind: CellKind, count: int) -> None:
    fmt = {CellKind.DATE: "DD.MM.YYYY", CellKind.PERCENT: "0.0%", CellKind.INT: "0"}.get(kind)
    if fmt is None:
        return
    for n in range(2, count + 2):
        sheet[f"{letter}{n}"].number_format = fmt  # type: ignore[index]
