"""Laying out the report form's workbook: one sheet per plan section, a row per item or field.

Column A the item number, B the wording, C onwards the answers (a table's columns, a list's documents).
"""

from __future__ import annotations

from domain.plan.catalog import get_measure
from domain.plan.participants import region_name
from domain.report_form.schema import (
    CellType,
    FormItem,
    FormPart,
    FormSection,
    FormTable,
    ItemKind,
    ReportForm,
)
from domain.report_form.sheet import (
    ANSWER_COLUMN,
    DOCUMENT_FIELDS,
    DOCUMENT_SLOTS,
    HEADER_ROW,
    TABLE_ROWS,
    AnswerCell,
    AnswerType,
    CellRef,
    Index,
    LabelCell,
    LabelStyle,
    PathStep,
    SheetLayout,
    WorkbookLayout,
)


def _with_hint(item: FormItem) -> str:
    return f"{item.text} ({item.hint})" if item.hint else item.text


class _Sheet:
    """Lays out one sheet row by row."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.row = 0
        self.labels: list[LabelCell] = []
        self.answers: list[AnswerCell] = []

    def next_row(self) -> int:
        self.row += 1
        return self.row

    def label(self, column: int, text: str, style: LabelStyle, row: int | None = None) -> None:
        self.labels.append(LabelCell(CellRef(self.name, row or self.row, column), text, style))

    def answer(self, item: FormItem, kind: AnswerType, path: tuple[PathStep, ...]) -> None:
        self.cell(ANSWER_COLUMN, kind, item.table or item.number, item.number, path)

    def cell(
        self,
        column: int,
        kind: AnswerType,
        key: str,
        number: str,
        path: tuple[PathStep, ...],
        choices: tuple[FormPart, ...] = (),
    ) -> None:
        at = CellRef(self.name, self.row, column)
        self.answers.append(AnswerCell(at, kind, key, number, path, choices))

    def field_row(self, text: str) -> None:
        self.next_row()
        self.label(2, text, LabelStyle.FIELD)

    def item_row(self, item: FormItem, text: str | None = None) -> None:
        self.next_row()
        self.label(1, item.number, LabelStyle.ITEM)
        self.label(2, text or _with_hint(item), LabelStyle.ITEM)

    def done(self) -> SheetLayout:
        return SheetLayout(self.name, tuple(self.labels), tuple(self.answers))


_CELL_TYPES = {
    CellType.TEXT: AnswerType.TEXT,
    CellType.INTEGER: AnswerType.INTEGER,
    CellType.DECIMAL: AnswerType.AMOUNT,
    CellType.CHOICE: AnswerType.CHOICE,
}


def _document_rows(sheet: _Sheet, item: FormItem, prefix: tuple[PathStep, ...], lead: str = "") -> None:
    for field, label in DOCUMENT_FIELDS:
        sheet.field_row(f"{lead}{label}")
        kind = {"kind": AnswerType.DOCUMENT_KIND, "date": AnswerType.DATE}.get(field, AnswerType.TEXT)
        sheet.answer(item, kind, (*prefix, field))


def _document_list(sheet: _Sheet, item: FormItem) -> None:
    sheet.item_row(item)
    for offset, (_, label) in enumerate(DOCUMENT_FIELDS):
        sheet.label(ANSWER_COLUMN + offset, label, LabelStyle.HEADER)
    for n in range(1, DOCUMENT_SLOTS + 1):
        sheet.field_row(f"документ {n}")
        for offset, (field, _) in enumerate(DOCUMENT_FIELDS):
            kind = {"kind": AnswerType.DOCUMENT_KIND, "date": AnswerType.DATE}.get(field, AnswerType.TEXT)
            sheet.cell(ANSWER_COLUMN + offset, kind, item.number, item.number, (Index(n), field))


def _counts(sheet: _Sheet, item: FormItem) -> None:
    sheet.item_row(item)
    for part in item.parts or (None,):
        for year in item.years:
            sheet.field_row(f"{part.label}, {year} г." if part else f"{year} г.")
            sheet.answer(item, AnswerType.INTEGER, (part.key, year) if part else (year,))
    if item.detail_prompt:
        sheet.field_row(item.detail_prompt)
        sheet.answer(item, AnswerType.TEXT, ("detail",))


def _item(sheet: _Sheet, item: FormItem) -> None:
    match item.kind:
        case ItemKind.TEXT:
            sheet.item_row(item)
            sheet.answer(item, AnswerType.TEXT, ())
        case ItemKind.YES_NO:
            sheet.item_row(item)
            sheet.answer(item, AnswerType.YES_NO, ())
        case ItemKind.YES_NO_DOCUMENT:
            sheet.item_row(item)
            sheet.answer(item, AnswerType.YES_NO, ("answer",))
            _document_rows(sheet, item, ("document",), f"если да ({item.detail_prompt}): ")
        case ItemKind.YES_NO_DETAIL:
            sheet.item_row(item)
            sheet.answer(item, AnswerType.YES_NO, ("answer",))
            sheet.field_row(f"если да: {item.detail_prompt}")
            sheet.answer(item, AnswerType.TEXT, ("detail",))
        case ItemKind.MULTI_YES_NO:
            sheet.item_row(item)
            for part in item.parts:
                sheet.field_row(part.label)
                sheet.answer(item, AnswerType.YES_NO, (part.key,))
        case ItemKind.DOCUMENT:
            sheet.item_row(item, f"{_with_hint(item)} — оставьте пустым, если документа нет")
            _document_rows(sheet, item, ())
        case ItemKind.DOCUMENT_LIST:
            _document_list(sheet, item)
        case ItemKind.COUNTS:
            _counts(sheet, item)
        case ItemKind.TABLE_COLUMN:
            raise ValueError(f"{item.number}: table columns are laid out with their table")


def _table(sheet: _Sheet, table: FormTable) -> None:
    sheet.next_row()
    sheet.label(1, table.key, LabelStyle.ITEM)
    sheet.label(2, "Таблица: одна строка на запись; пустые строки не учитываются", LabelStyle.ITEM)
    # A column asking numbers for two years takes a spreadsheet column per year.
    columns = [
        (c, year) for c in table.columns for year in (c.years if c.cell is CellType.COUNTS else (None,))
    ]
    for offset, (column, year) in enumerate(columns):
        head = f"{column.number} {column.text} ({column.hint})"
        sheet.label(ANSWER_COLUMN + offset, f"{head}, {year} г." if year else head, LabelStyle.HEADER)
    for n in range(1, TABLE_ROWS + 1):
        sheet.field_row(f"строка {n}")
        for offset, (column, year) in enumerate(columns):
            kind = AnswerType.INTEGER if year else _CELL_TYPES[column.cell or CellType.TEXT]
            path: tuple[PathStep, ...] = (
                (Index(n), column.number, year) if year else (Index(n), column.number)
            )
            sheet.cell(ANSWER_COLUMN + offset, kind, table.key, column.number, path, column.choices)


def _section(sheet: _Sheet, section: FormSection, tables: dict[str, FormTable]) -> None:
    sheet.next_row()
    sheet.next_row()
    sheet.label(1, f"Мероприятие {section.measure}", LabelStyle.MEASURE)
    sheet.label(2, section.title, LabelStyle.MEASURE)
    done: set[str] = set()
    for item in section.items:
        if item.table:
            if item.table not in done:
                done.add(item.table)
                _table(sheet, tables[item.table])
            continue
        _item(sheet, item)


def title(form: ReportForm, region: str) -> str:
    """The first line of every sheet: whose form, for which year."""
    name = region_name(region)
    who = f"{region} — {name}" if name else region
    return (
        f"Форма отчёта субъекта Российской Федерации о реализации Комплексного межведомственного плана по "
        f"совершенствованию ранней помощи детям и их семьям (N СК-765/07/1) за {form.cycle} год (в сравнении "
        f"с {form.previous_year}). Субъект: {who}"
    )


_HOW_TO = (
    "Ответы вводите в жёлтые ячейки (столбцы C и далее); остальные ячейки защищены. Да / нет — из списка. "
    "Числа — цифрами (можно с пробелами: 1 234), суммы — в тыс. руб., даты — ДД.ММ.ГГГГ. "
    "Проверка: eci form check ФАЙЛ.xlsx"
)


def build_layout(form: ReportForm, region: str) -> WorkbookLayout:
    """The workbook of `region`'s form for `form.cycle`: sheets in the plan's section order."""
    tables = {t.key: t for t in form.tables}
    by_plan_section: dict[str, list[FormSection]] = {}
    for section in form.sections:
        by_plan_section.setdefault(get_measure(section.measure).section.value, []).append(section)
    note = form.derived_note_ru
    sheets = []
    for name, sections in by_plan_section.items():
        sheet = _Sheet(name)
        plan_section = get_measure(sections[0].measure).section
        sheet.label(1, title(form, region), LabelStyle.TITLE, row=1)
        sheet.label(1, f"Раздел {name} плана. {plan_section.heading}", LabelStyle.SECTION, row=2)
        sheet.label(1, f"{_HOW_TO}. {note}" if note else _HOW_TO, LabelStyle.NOTE, row=3)
        sheet.row = HEADER_ROW
        for column, text in ((1, "№"), (2, "Вопрос"), (ANSWER_COLUMN, "Ответ")):
            sheet.label(column, text, LabelStyle.HEADER)
        for section in sections:
            _section(sheet, section, tables)
        sheets.append(sheet.done())
    return WorkbookLayout(form.cycle, region, form.previous_year, tuple(sheets))
