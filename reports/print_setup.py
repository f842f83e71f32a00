"""Print setup for every workbook the tracker writes: A4, landscape when the columns are wider than a
portrait page, fit to one page wide (as many pages tall as it takes), the head rows repeated on every
page, and a print area over what was written.

Without it a spreadsheet prints as Excel's default cuts it: the cycle report's district table came out
three columns to a portrait page, the report form's first page held column A alone.
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter

A4 = "9"  # the paper-size code of the OOXML standard (ECMA-376 §18.18.49): 9 is A4
PORTRAIT_WIDTH = 100  # column-width units (characters) an A4 portrait page holds at a legible scale


def print_setup(
    sheet: Any,
    *,
    columns: int,
    rows: int,
    width: float,
    head_rows: int = 1,
    first_row: int = 1,
) -> None:
    """Set up one sheet for printing; `width` is the sum of its column widths in characters."""
    if columns < 1 or rows < 1:
        return
    sheet.page_setup.paperSize = A4
    sheet.page_setup.orientation = "landscape" if width > PORTRAIT_WIDTH else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    if head_rows:
        sheet.print_title_rows = f"{first_row}:{first_row + head_rows - 1}"
    sheet.print_area = f"A1:{get_column_letter(columns)}{rows}"
