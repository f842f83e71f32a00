"""The numbers in one region's answers, read the same way by the totals, the rules and the indicators.

A stored form was checked when it was filed, but the summary reads every version ever recorded (an
earlier release's checks, an import), so a value is taken as it stands: a table's amount may come back
from the store as text, and a count that should be whole may not be.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.report_form.answers import CountsAnswer, FormAnswers, TableAnswer
from domain.report_form.schema import CellType, FormItem, FormTable, ReportForm
from reports.summary.model import Number

NUMERIC_CELLS = (CellType.INTEGER, CellType.DECIMAL, CellType.COUNTS)


@dataclass(frozen=True)
class CountValue:
    """One number of a counts item: the part ("" for the item itself), the year and the value."""

    part: str
    year: int
    value: Number


@dataclass(frozen=True)
class CellValue:
    """One numeric cell of a table row: its column, the year (counts columns), the value as given."""

    row: int
    column: str
    year: int | None
    raw: Any
    value: Number | None  # None when the text is not a number
    choice: str | None  # the row's value of the table's choice column, if it has one


def to_number(raw: Any) -> Number | None:
    """An int or a Decimal from what a cell holds (ints, Decimals, text with a comma or spaces)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | Decimal):
        return raw
    if isinstance(raw, float):
        return Decimal(str(raw))
    if isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".").replace("\u2212", "-")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        if not number.is_finite():
            return None
        return int(number) if number == number.to_integral_value() and "." not in text else number
    return None


def count_values(answer: Any) -> tuple[CountValue, ...]:
    """Every number of a counts answer, the item's own first, then each part's."""
    if not isinstance(answer, CountsAnswer):
        return ()
    own = tuple(CountValue("", year, value) for year, value in answer.values.items())
    parts = tuple(
        CountValue(part, year, value)
        for part, values in answer.parts.items()
        for year, value in values.items()
    )
    return own + parts


def count_of(answers: FormAnswers | None, item: str, part: str, year: int) -> Number | None:
    """One number of a region's counts item, if it gave it."""
    answer = answers.items.get(item) if answers is not None else None
    if not isinstance(answer, CountsAnswer):
        return None
    return (answer.parts.get(part) or {}).get(year) if part else answer.values.get(year)


def table_cells(table: FormTable, answer: Any) -> Iterator[CellValue]:
    """The numeric cells of a region's table answer, row by row."""
    if not isinstance(answer, TableAnswer):
        return
    choice_column = next((c for c in table.columns if c.cell is CellType.CHOICE), None)
    for n, row in enumerate(answer.rows):
        choice = row.get(choice_column.number) if choice_column else None
        for column in table.columns:
            if column.cell not in NUMERIC_CELLS or column.number not in row:
                continue
            yield from _cells(n, column, row[column.number], str(choice) if choice is not None else None)


def _cells(n: int, column: FormItem, raw: Any, choice: str | None) -> Iterator[CellValue]:
    if column.cell is CellType.COUNTS and isinstance(raw, dict):
        for year, value in raw.items():
            yield CellValue(n, column.number, int(year), value, to_number(value), choice)
        return
    yield CellValue(n, column.number, None, raw, to_number(raw), choice)


def column_total(
    form: ReportForm, answers: FormAnswers | None, column: str, year: int | None
) -> Number | None:
    """One region's sum of a table column (one year of a counts column); None if it gave no row."""
    if answers is None:
        return None
    item = form.item(column)
    if item.table is None:
        return None
    table = form.table(item.table)
    found = [
        c.value
        for c in table_cells(table, answers.items.get(item.table))
        if c.column == column and c.year == year and c.value is not None
    ]
    return sum(found, start=0) if found else None


def text_of(answer: Any) -> str | None:
    """The free text of a text answer, if any."""
    text = getattr(answer, "text", None)
    return text.strip() if isinstance(text, str) and text.strip() else None


def item_years(form: ReportForm, item: FormItem) -> tuple[int, int]:
    """The reporting year and the year the item compares it with."""
    years = item.years or (form.cycle, form.previous_year)
    return years[0], years[1]
