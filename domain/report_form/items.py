"""Validation of one item's answer against its schema: a typed answer, or problems naming the item."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TypeVar

from domain.report_form.answers import (
    Cell,
    CountsAnswer,
    DocumentAnswer,
    DocumentListAnswer,
    ItemAnswer,
    MultiYesNoAnswer,
    Problem,
    TableAnswer,
    TextAnswer,
    YesNoAnswer,
    YesNoDetailAnswer,
    YesNoDocumentAnswer,
)
from domain.report_form.paths import Index, PathStep
from domain.report_form.schema import CellType, FormItem, FormTable, ItemKind
from domain.report_form.values import (
    BadValue,
    is_blank,
    read_amount,
    read_count,
    read_document,
    read_text,
    read_year_counts,
    read_yes_no,
    shown,
)

T = TypeVar("T")


# Field names of an answer file, in the words of the workbook's rows.
_FIELD_LABELS_RU: dict[str, str] = {"answer": "ответ", "document": "документ", "detail": "пояснение"}


class _Collector:
    """Problems found so far for one item."""

    def __init__(self, number: str) -> None:
        self.number = number
        self.problems: list[Problem] = []

    def add(
        self, message: str, code: str, path: tuple[PathStep, ...] = (), number: str | None = None
    ) -> None:
        self.problems.append(Problem(number or self.number, message, code, path))

    def read(
        self,
        step: tuple[PathStep, str] | None,
        reader: Callable[[], T],
        number: str | None = None,
        row: Index | None = None,
    ) -> T | None:
        """`reader()`, or None with its problem recorded under `step` (path step, its Russian label)."""
        try:
            return reader()
        except BadValue as exc:
            problem = exc.under(*step) if step is not None else exc
            if row is not None:
                problem = problem.under(row, f"строка {row.n}")
            self.add(problem.message, problem.code, problem.path, number)
            return None


def _mapping(
    value: object, keys: tuple[str, ...], labels: dict[str, str], out: _Collector
) -> Mapping[object, object] | None:
    if value is None:
        return {}
    expected = ", ".join(labels.get(k, k) for k in keys)
    if not isinstance(value, Mapping):
        out.add(f"ожидаются: {expected}; введено {shown(value)}", "not_mapping")
        return None
    unknown = [str(k) for k in value if str(k) not in keys]
    if unknown:
        out.add(f"поле {shown(unknown[0])} не из этого пункта (ожидаются: {expected})", "unknown_field")
        return None
    return {str(k): v for k, v in value.items()}


def _yes_no_with(
    item: FormItem, value: object, out: _Collector, field: str, read: Callable[[object], T | None]
) -> tuple[bool, T | None] | None:
    """The да/нет answer and the extra it asks for when yes (a document or a detail)."""
    data = _mapping(value, ("answer", field), _FIELD_LABELS_RU, out)
    if data is None:
        return None
    answer = out.read(("answer", ""), lambda: read_yes_no(data.get("answer")))
    extra = out.read((field, _FIELD_LABELS_RU[field]), lambda: read(data.get(field)))
    given = not is_blank(data.get(field))
    what = _FIELD_LABELS_RU[field]
    if answer is True and not given:
        out.add(f"ответ «да»: укажите {what} ({item.detail_prompt})", f"missing_{field}", (field,))
    elif answer is False and given:
        out.add(f"ответ «нет», но указан {what}", f"unexpected_{field}", (field,))
    if answer is None or out.problems:
        return None
    return answer, extra


def _counts(item: FormItem, value: object, out: _Collector) -> CountsAnswer | None:
    years = tuple(str(y) for y in item.years)
    keys = tuple(p.key for p in item.parts) or years
    labels = {p.key: p.label for p in item.parts} | {"detail": item.detail_prompt or "пояснение"}
    data = _mapping(value, keys + (("detail",) if item.detail_prompt else ()), labels, out)
    if data is None:
        return None
    if item.parts:
        parts = {
            p.key: out.read((p.key, p.label), partial(read_year_counts, data.get(p.key), item.years))
            for p in item.parts
        }
        values: dict[int, int] = {}
    else:
        year_values = {k: v for k, v in data.items() if k != "detail"}
        values = out.read(None, lambda: read_year_counts(year_values, item.years)) or {}
        parts = {}
    detail = (
        out.read(("detail", labels["detail"]), lambda: read_text(data.get("detail")))
        if item.detail_prompt
        else None
    )
    if out.problems:
        return None
    return CountsAnswer(values=values, parts={k: v for k, v in parts.items() if v is not None}, detail=detail)


def _multi(item: FormItem, value: object, out: _Collector) -> MultiYesNoAnswer | None:
    data = _mapping(value, tuple(p.key for p in item.parts), {p.key: p.label for p in item.parts}, out)
    if data is None:
        return None
    parts = {p.key: out.read((p.key, p.label), partial(read_yes_no, data.get(p.key))) for p in item.parts}
    if out.problems:
        return None
    return MultiYesNoAnswer(parts={k: v for k, v in parts.items() if v is not None})


def _document_list(value: object, out: _Collector) -> DocumentListAnswer | None:
    if is_blank(value):
        return DocumentListAnswer()
    if not isinstance(value, list):
        out.add(f"ожидается список документов, введено {shown(value)}", "not_list")
        return None
    docs = [
        out.read((Index(n), f"документ {n}"), partial(read_document, v)) for n, v in enumerate(value, 1)
    ]
    if out.problems:
        return None
    return DocumentListAnswer(documents=tuple(d for d in docs if d is not None))


def read_item(item: FormItem, value: object) -> tuple[ItemAnswer | None, list[Problem]]:
    """The typed answer to a (non-table) item, or the problems with it."""
    out = _Collector(item.number)
    answer: ItemAnswer | None = None
    match item.kind:
        case ItemKind.TEXT:
            text = out.read(None, lambda: read_text(value))
            answer = None if text is None else TextAnswer(text=text)
        case ItemKind.YES_NO:
            yes = out.read(None, lambda: read_yes_no(value))
            answer = None if yes is None else YesNoAnswer(answer=yes)
        case ItemKind.YES_NO_DOCUMENT:
            pair = _yes_no_with(item, value, out, "document", read_document)
            answer = None if pair is None else YesNoDocumentAnswer(answer=pair[0], document=pair[1])
        case ItemKind.YES_NO_DETAIL:
            detail = _yes_no_with(item, value, out, "detail", lambda v: None if is_blank(v) else read_text(v))
            answer = None if detail is None else YesNoDetailAnswer(answer=detail[0], detail=detail[1])
        case ItemKind.MULTI_YES_NO:
            answer = _multi(item, value, out)
        case ItemKind.DOCUMENT:
            doc = out.read(None, lambda: read_document(value))
            answer = None if out.problems else DocumentAnswer(document=doc)
        case ItemKind.DOCUMENT_LIST:
            answer = _document_list(value, out)
        case ItemKind.COUNTS:
            answer = _counts(item, value, out)
        case ItemKind.TABLE_COLUMN:
            raise ValueError(f"{item.number} is a table column: read it with read_table")  # a bug, not input
    return (None if out.problems else answer), out.problems


def _cell(column: FormItem, value: object) -> Cell:
    match column.cell:
        case CellType.INTEGER:
            return read_count(value)
        case CellType.DECIMAL:
            return read_amount(value)
        case CellType.COUNTS:
            return read_year_counts(value, column.years)
        case CellType.CHOICE:
            text = str(value).strip().lower() if value is not None else ""
            for choice in column.choices:
                if text in (choice.key, choice.label):
                    return choice.key
            options = ", ".join(f"«{c.label}»" for c in column.choices)
            raise BadValue(f"выберите одно из: {options}; введено {shown(value)}", "unknown_choice")
        case _:
            return read_text(value)


def read_table(table: FormTable, value: object) -> tuple[TableAnswer | None, list[Problem]]:
    """The rows of a table (blank rows skipped), or problems naming the column and row."""
    out = _Collector(table.key)
    if is_blank(value):
        return TableAnswer(), []
    if not isinstance(value, list):
        out.add(f"ожидается список строк таблицы, введено {shown(value)}", "not_list")
        return None, out.problems
    columns = {c.number: c for c in table.columns}
    rows: list[dict[str, Cell]] = []
    for n, raw in enumerate(value, 1):
        if is_blank(raw):
            continue
        if not isinstance(raw, Mapping):
            out.add(f"строка {n}: ожидаются столбцы {', '.join(columns)}", "not_mapping", (Index(n),))
            continue
        unknown = [str(k) for k in raw if str(k) not in columns]
        if unknown:
            expected = ", ".join(columns)
            message = f"строка {n}: столбец {shown(unknown[0])} не из таблицы (ожидаются {expected})"
            out.add(message, "unknown_column", (Index(n),))
            continue
        cells = {str(k): v for k, v in raw.items()}
        row = {
            num: out.read(None, partial(_cell, col, cells.get(num)), num, row=Index(n))
            for num, col in columns.items()
        }
        rows.append({k: v for k, v in row.items() if v is not None})
    if out.problems:
        return None, out.problems
    return TableAnswer(rows=tuple(rows)), []
