"""A format-neutral table: what every renderer (CSV, Markdown, HTML, XLSX, DOCX) lays out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from domain.russian import ru_date, ru_number, ru_percent

Cell = str | int | float | Decimal | dt.date | None


class CellKind(StrEnum):
    """How a column's values are formatted and sized."""

    TEXT = "text"
    INT = "int"
    NUMBER = "number"  # an amount with decimals (thousand roubles)
    DATE = "date"
    PERCENT = "percent"


@dataclass(frozen=True)
class Column:
    """A column header with its kind and a width hint in characters."""

    title: str
    kind: CellKind = CellKind.TEXT
    width: int = 14


@dataclass(frozen=True)
class Table:
    """One view of a report: a sheet in XLSX, a section elsewhere."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


def format_cell(value: Cell, kind: CellKind) -> str:
    """A cell as people read it (Russian conventions: dd.mm.yyyy, «1 234,5»)."""
    if value is None:
        return ""
    if kind is CellKind.PERCENT and isinstance(value, float):
        return ru_percent(value)
    if isinstance(value, dt.date):
        return ru_date(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return ru_number(value)
    return str(value)


def plain_cell(value: Cell, kind: CellKind) -> str:
    """A cell for machines (CSV): ISO dates, percentages with a decimal point."""
    if value is None:
        return ""
    if kind is CellKind.PERCENT and isinstance(value, float):
        return f"{value * 100:.1f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
