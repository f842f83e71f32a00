"""The report form as an Excel workbook a region fills in: written from `domain.report_form.sheet`'s layout.

Labels are protected and answer cells left open (no password: the protection keeps a person from
overwriting a question by accident, while the hidden sheet's digest is what refuses an altered workbook).
Answer cells carry their type: a да/нет or choice drop-down, whole-number and amount checks, a date
format. The checks warn rather than stop, because the reading forgives what people type (1 234, «Да»)
and names each remaining problem by its cell.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from domain.documents import DOCUMENT_KIND_LABELS_RU
from domain.report_form.sheet import (
    ANSWER_COLUMN,
    HEADER_ROW,
    LAYOUT_VERSION,
    NO,
    PREFILL_NOTE_ROW,
    YES,
    AnswerCell,
    AnswerType,
    CellRef,
    LabelStyle,
    SheetLayout,
    WorkbookLayout,
)
from reports.print_setup import print_setup

META_SHEET = "_eci"
LISTS_SHEET = "_списки"
META_MARK = "eci report form workbook"
_FIXED_TIME = dt.datetime(2000, 1, 1)  # noqa: DTZ001 - workbook metadata, kept constant for stable bytes

_ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
_PREFILLED_FILL = PatternFill("solid", fgColor="E2EFDA")
_FONTS = {
    LabelStyle.TITLE: Font(bold=True, size=12),
    LabelStyle.SECTION: Font(bold=True, size=11),
    LabelStyle.NOTE: Font(italic=True, color="595959"),
    LabelStyle.HEADER: Font(bold=True),
    LabelStyle.MEASURE: Font(bold=True, color="1F4E78"),
    LabelStyle.ITEM: Font(),
    LabelStyle.FIELD: Font(color="404040"),
}
_FORMATS = {
    AnswerType.INTEGER: "#,##0",
    AnswerType.AMOUNT: "#,##0.0##",
    AnswerType.DATE: "DD.MM.YYYY",
    AnswerType.TEXT: "@",
    AnswerType.YES_NO: "@",
    AnswerType.CHOICE: "@",
    AnswerType.DOCUMENT_KIND: "@",
}
_WRAP = Alignment(wrap_text=True, vertical="top")
_OPEN = Protection(locked=False)
# Rows 1-3 (title, section, how-to) run across the sheet: wrapping them in column A alone would make
# them a column of single words.
_BANNER_STYLES = (LabelStyle.TITLE, LabelStyle.SECTION, LabelStyle.NOTE)
PREFILL_NOTE_RU = (
    "Зелёные ячейки заполнены по вашему отчёту за прошлый год: проверьте их и исправьте, что изменилось."
)

CellValue = str | int | float | object


def _lists(book: Workbook, layout: WorkbookLayout) -> dict[str, str]:
    """A hidden sheet of the drop-downs' choices (a list typed into a validation is capped at 255 chars)."""
    sheet = book.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    columns: dict[str, list[str]] = {
        "yes_no": [YES, NO],
        "kind": list(DOCUMENT_KIND_LABELS_RU.values()),
    }
    for cell in layout.answers:
        if cell.type is AnswerType.CHOICE:
            columns.setdefault(f"choice:{cell.key}:{cell.number}", [c.label for c in cell.choices])
    ranges: dict[str, str] = {}
    for n, (name, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(n)
        for row, value in enumerate(values, start=1):
            sheet.cell(row=row, column=n, value=value)
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(values)}"
    return ranges


def _list_name(cell: AnswerCell) -> str | None:
    match cell.type:
        case AnswerType.YES_NO:
            return "yes_no"
        case AnswerType.DOCUMENT_KIND:
            return "kind"
        case AnswerType.CHOICE:
            return f"choice:{cell.key}:{cell.number}"
    return None


def _validations(sheet: Worksheet, layout: SheetLayout, ranges: Mapping[str, str]) -> None:
    groups: dict[tuple[str, str], list[str]] = {}
    for cell in layout.answers:
        name = _list_name(cell)
        if name is not None:
            groups.setdefault(("list", ranges[name]), []).append(cell.at.ref)
        elif cell.type in (AnswerType.INTEGER, AnswerType.AMOUNT, AnswerType.DATE):
            groups.setdefault((cell.type.value, ""), []).append(cell.at.ref)
    for (kind, formula), refs in groups.items():
        if kind == "list":
            check = DataValidation(type="list", formula1=formula, allow_blank=True)
            check.error = "Выберите значение из списка."
        elif kind == AnswerType.INTEGER.value:
            check = DataValidation(
                type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
            )
            check.error = "Целое число не меньше нуля."
        elif kind == AnswerType.AMOUNT.value:
            check = DataValidation(
                type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
            )
            check.error = "Сумма (тыс. руб.) не меньше нуля."
        else:
            check = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
            check.error = "Дата в виде ДД.ММ.ГГГГ."
        check.errorStyle = "warning"
        check.showErrorMessage = True
        check.sqref = " ".join(refs)  # type: ignore[assignment]
        sheet.add_data_validation(check)


def _sheet(
    book: Workbook, layout: SheetLayout, values: Mapping[CellRef, object], ranges: Mapping[str, str]
) -> None:
    sheet = book.create_sheet(layout.name)
    widest = ANSWER_COLUMN
    for label in layout.labels:
        cell = sheet.cell(row=label.at.row, column=label.at.column, value=label.text)
        cell.font = _FONTS[label.style]
        if label.style not in _BANNER_STYLES:
            cell.alignment = _WRAP
        widest = max(widest, label.at.column)
    for answer in layout.answers:
        cell = sheet.cell(row=answer.at.row, column=answer.at.column)
        value = values.get(answer.at)
        cell.value = value  # type: ignore[assignment]
        cell.fill = _PREFILLED_FILL if value is not None else _ANSWER_FILL
        cell.number_format = _FORMATS[answer.type]
        cell.protection = _OPEN
        cell.alignment = _WRAP
        widest = max(widest, answer.at.column)
    if values and any(a.at in values for a in layout.answers):
        sheet.cell(row=PREFILL_NOTE_ROW, column=1, value=PREFILL_NOTE_RU).font = _FONTS[LabelStyle.NOTE]
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 70
    for column in range(ANSWER_COLUMN, widest + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 24
    sheet.freeze_panes = "C6"
    width = 12 + 70 + 24 * (widest - ANSWER_COLUMN + 1)
    rows = max([label.at.row for label in layout.labels] + [a.at.row for a in layout.answers] + [HEADER_ROW])
    print_setup(sheet, columns=widest, rows=rows, width=width, head_rows=1, first_row=HEADER_ROW)
    _validations(sheet, layout, ranges)
    sheet.protection.sheet = True
    # Rows and columns may still be resized, so a long answer can be read.
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False


def _meta(book: Workbook, layout: WorkbookLayout) -> None:
    sheet = book.create_sheet(META_SHEET)
    sheet.sheet_state = "hidden"
    for row, (key, value) in enumerate(
        (
            ("mark", META_MARK),
            ("layout", LAYOUT_VERSION),
            ("cycle", layout.cycle),
            ("region", layout.region),
            ("digest", layout.digest),
        ),
        start=1,
    ):
        sheet.cell(row=row, column=1, value=key)
        sheet.cell(row=row, column=2, value=value)
    sheet.protection.sheet = True


def render_form_workbook(layout: WorkbookLayout, values: Mapping[CellRef, object] | None = None) -> bytes:
    """The workbook's bytes; `values` are answers to start from (last year's, or a filled form's)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    ranges = _lists(book, layout)
    for sheet in layout.sheets:
        _sheet(book, sheet, values or {}, ranges)
    _meta(book, layout)
    # The lists and meta sheets were made first for their ranges; the form's sheets come first in the tabs.
    book.move_sheet(LISTS_SHEET, offset=len(book.sheetnames) - 1)
    book.active = 0
    book.properties.created = _FIXED_TIME
    book.properties.modified = _FIXED_TIME
    book.properties.creator = "eci"
    book.properties.title = f"Форма отчёта субъекта {layout.region} за {layout.cycle} год"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
