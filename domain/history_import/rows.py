"""The history import file: its columns and the reading of one row's cells into a typed row.

One row per obligation: its state when the tracker takes over, the proving document's details, and the
dates of submission, return, resubmission, acceptance or waiver. Cells arrive as text, dates or numbers
(CSV and XLSX readers live outside the domain); this module turns them into an `ImportRow` or a
`DomainError` naming the line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from domain.documents import DocumentDetails, parse_document_kind
from domain.errors import DomainError
from domain.obligation.id import ObligationId
from domain.obligation.states import STATE_LABELS_RU, ObligationState

Cell = str | dt.date | dt.datetime | int | float | None


class Column(StrEnum):
    """The import file's columns, in template order; the value is the header code."""

    OBLIGATION = "obligation"
    STATE = "state"
    DOCUMENT_KIND = "document_kind"
    DOCUMENT_NUMBER = "document_number"
    DOCUMENT_DATE = "document_date"
    DOCUMENT_ISSUER = "document_issuer"
    DOCUMENT_TITLE = "document_title"
    SUBMITTED_ON = "submitted_on"
    RETURNED_ON = "returned_on"
    RETURN_REASON = "return_reason"
    RESUBMITTED_ON = "resubmitted_on"
    ACCEPTED_ON = "accepted_on"
    WAIVED_ON = "waived_on"
    WAIVE_REASON = "waive_reason"


COLUMN_LABELS_RU: dict[Column, str] = {
    Column.OBLIGATION: "Обязательство (год/мероприятие/участник)",
    Column.STATE: "Состояние",
    Column.DOCUMENT_KIND: "Вид документа",
    Column.DOCUMENT_NUMBER: "Номер документа",
    Column.DOCUMENT_DATE: "Дата документа",
    Column.DOCUMENT_ISSUER: "Орган, издавший документ",
    Column.DOCUMENT_TITLE: "Наименование документа",
    Column.SUBMITTED_ON: "Дата представления",
    Column.RETURNED_ON: "Дата возврата на доработку",
    Column.RETURN_REASON: "Причина возврата",
    Column.RESUBMITTED_ON: "Дата повторного представления",
    Column.ACCEPTED_ON: "Дата принятия",
    Column.WAIVED_ON: "Дата освобождения",
    Column.WAIVE_REASON: "Причина освобождения",
}

REQUIRED_COLUMNS: tuple[Column, ...] = (Column.OBLIGATION, Column.STATE)
FIRST_DATA_LINE = 2  # line 1 holds the headers


@dataclass(frozen=True)
class ImportRow:
    """One obligation's prior history as the file states it."""

    line: int
    obligation: ObligationId
    state: ObligationState
    document: DocumentDetails | None
    submitted_on: dt.date | None
    returned_on: dt.date | None
    return_reason: str | None
    resubmitted_on: dt.date | None
    accepted_on: dt.date | None
    waived_on: dt.date | None
    waive_reason: str | None


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("ё", "е"))


_HEADER_NAMES: dict[str, Column] = {
    **{_norm(c.value): c for c in Column},
    **{_norm(label): c for c, label in COLUMN_LABELS_RU.items()},
}
_STATE_NAMES: dict[str, ObligationState] = {
    **{_norm(s.value): s for s in ObligationState},
    **{_norm(label): s for s, label in STATE_LABELS_RU.items()},
}


def map_headers(headers: list[Cell]) -> dict[int, Column]:
    """Map header cells (codes or Russian labels) to columns; unknown or missing required ones are errors."""
    mapping: dict[int, Column] = {}
    for index, cell in enumerate(headers):
        text = _text(cell)
        if text is None:
            continue
        column = _HEADER_NAMES.get(_norm(text))
        if column is None:
            raise DomainError(f"строка 1: неизвестный столбец «{text}»", "unknown_column")
        if column in mapping.values():
            raise DomainError(f"строка 1: столбец `{column.value}` указан дважды", "duplicate_column")
        mapping[index] = column
    missing = [c.value for c in REQUIRED_COLUMNS if c not in mapping.values()]
    if missing:
        raise DomainError(f"строка 1: нет столбцов {', '.join(missing)}", "missing_columns")
    return mapping


def _text(cell: Cell) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = cell.isoformat() if isinstance(cell, dt.date) else str(cell)
    text = text.strip()
    return text or None


_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(cell: Cell, column: Column) -> dt.date | None:
    """A date cell: an XLSX date, `YYYY-MM-DD` or `DD.MM.YYYY`; empty is None."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = _text(cell)
    if text is None:
        return None
    try:
        dotted = _DOTTED.match(text)
        if dotted:
            return dt.date(int(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1)))
        return dt.date.fromisoformat(text[:10] if "T" in text or " " in text else text)
    except ValueError:
        raise DomainError(
            f"`{column.value}`: «{text}» — не дата (ожидается ДД.ММ.ГГГГ или ГГГГ-ММ-ДД)", "bad_date"
        ) from None


def _state(cell: Cell) -> ObligationState:
    text = _text(cell)
    if text is None:
        raise DomainError("не заполнен столбец `state`", "empty_state")
    state = _STATE_NAMES.get(_norm(text))
    if state is None:
        allowed = ", ".join(s.value for s in ObligationState)
        raise DomainError(
            f"`state`: неизвестное состояние «{text}» (ожидается одно из: {allowed})", "unknown_state"
        )
    return state


def _document(cells: dict[Column, Cell]) -> DocumentDetails | None:
    fields = (Column.DOCUMENT_KIND, Column.DOCUMENT_NUMBER, Column.DOCUMENT_DATE, Column.DOCUMENT_ISSUER)
    present = [c for c in fields if _text(cells.get(c)) is not None]
    if not present:
        return None
    missing = [c.value for c in fields if c not in present]
    if missing:
        raise DomainError(
            f"реквизиты документа неполны: не заполнены {', '.join(missing)}", "incomplete_document"
        )
    kind_text = _text(cells[Column.DOCUMENT_KIND]) or ""
    kind = parse_document_kind(kind_text)
    if kind is None:
        raise DomainError(
            f"`document_kind`: неизвестный вид документа «{kind_text}»", "unknown_document_kind"
        )
    date = parse_date(cells[Column.DOCUMENT_DATE], Column.DOCUMENT_DATE)
    try:
        return DocumentDetails(
            kind=kind,
            number=_text(cells[Column.DOCUMENT_NUMBER]) or "",
            date=date,
            issuer=_text(cells[Column.DOCUMENT_ISSUER]) or "",
            title=_text(cells.get(Column.DOCUMENT_TITLE)),
        )
    except ValueError as exc:
        first = exc.errors()[0] if hasattr(exc, "errors") else None
        detail = f"{first['loc'][0]}: {first['msg']}" if first else str(exc)
        raise DomainError(f"реквизиты документа: {detail}", "bad_document") from None


def parse_row(line: int, cells: dict[Column, Cell]) -> ImportRow:
    """Read one row's cells; any problem is a `DomainError` starting with `line N:`."""
    try:
        obligation_text = _text(cells.get(Column.OBLIGATION))
        if obligation_text is None:
            raise DomainError("не заполнен столбец `obligation`", "empty_obligation")
        return ImportRow(
            line=line,
            obligation=ObligationId.parse(obligation_text),
            state=_state(cells.get(Column.STATE)),
            document=_document(cells),
            submitted_on=parse_date(cells.get(Column.SUBMITTED_ON), Column.SUBMITTED_ON),
            returned_on=parse_date(cells.get(Column.RETURNED_ON), Column.RETURNED_ON),
            return_reason=_text(cells.get(Column.RETURN_REASON)),
            resubmitted_on=parse_date(cells.get(Column.RESUBMITTED_ON), Column.RESUBMITTED_ON),
            accepted_on=parse_date(cells.get(Column.ACCEPTED_ON), Column.ACCEPTED_ON),
            waived_on=parse_date(cells.get(Column.WAIVED_ON), Column.WAIVED_ON),
            waive_reason=_text(cells.get(Column.WAIVE_REASON)),
        )
    except DomainError as exc:
        raise DomainError(f"строка {line}: {exc}", exc.code) from None


def row_cells(mapping: dict[int, Column], values: list[Cell]) -> dict[Column, Cell]:
    """Pair a row's values with the mapped columns (extra unmapped cells are ignored)."""
    return {column: values[index] for index, column in mapping.items() if index < len(values)}


def is_blank(values: list[Cell]) -> bool:
    """A row with no content at all (spreadsheets keep trailing empty rows)."""
    return all(_text(v) is None for v in values)
