"""Last year's answers of a region as the starting values of this year's workbook.

What carries over is what describes standing arrangements, not the year's work: yes/no answers (a
registry exists, an order is in force), the documents and details they name, and the counts of the years
both forms ask about — the comparison year N−1 of cycle N's form is the reporting year of N−1's form, so
its figure is already known. Free text (the year's activities and results) and table rows (the year's
purchases, courses, materials) start blank: carrying them would invite filing last year's story again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from domain.documents import DOCUMENT_KIND_LABELS_RU, DocumentDetails
from domain.report_form.answers import (
    CountsAnswer,
    DocumentAnswer,
    DocumentListAnswer,
    FormAnswers,
    ItemAnswer,
    MultiYesNoAnswer,
    YesNoAnswer,
    YesNoDetailAnswer,
    YesNoDocumentAnswer,
)
from domain.report_form.sheet import NO, YES, AnswerCell, CellRef, Index, PathStep, WorkbookLayout

CellValue = str | int | Decimal | dt.date


def _document_field(document: DocumentDetails | None, field: PathStep) -> CellValue | None:
    if document is None:
        return None
    if field == "kind":
        return DOCUMENT_KIND_LABELS_RU.get(document.kind, document.kind.value)
    value = getattr(document, str(field), None)
    return value if isinstance(value, str | dt.date) else None


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else (YES if value else NO)


def _counts(answer: CountsAnswer, path: tuple[PathStep, ...]) -> CellValue | None:
    match path:
        case ("detail",):
            return answer.detail
        case (int() as year,):
            return answer.values.get(year)
        case (str() as part, int() as year):
            return answer.parts.get(part, {}).get(year)
    return None


def carried_value(answer: ItemAnswer, path: tuple[PathStep, ...]) -> CellValue | None:
    """The value last year's answer gives the cell at `path`, if it is one that carries over."""
    match answer:
        case YesNoAnswer():
            return _yes_no(answer.answer)
        case YesNoDocumentAnswer():
            if path == ("answer",):
                return _yes_no(answer.answer)
            return _document_field(answer.document, path[-1])
        case YesNoDetailAnswer():
            return _yes_no(answer.answer) if path == ("answer",) else answer.detail
        case MultiYesNoAnswer():
            return _yes_no(answer.parts.get(str(path[0])))
        case DocumentAnswer():
            return _document_field(answer.document, path[-1])
        case DocumentListAnswer():
            slot = path[0]
            if isinstance(slot, Index) and slot.n <= len(answer.documents):
                return _document_field(answer.documents[slot.n - 1], path[-1])
            return None
        case CountsAnswer():
            return _counts(answer, path)
    return None  # text and tables: the year's own account


def _value(previous: FormAnswers, cell: AnswerCell) -> CellValue | None:
    answer = previous.items.get(cell.key)
    return None if answer is None else carried_value(answer, cell.path)


def prefill(layout: WorkbookLayout, previous: FormAnswers) -> dict[CellRef, CellValue]:
    """The workbook's starting values from the region's answers of the year before."""
    if (previous.cycle, previous.region) != (layout.cycle - 1, layout.region):
        raise ValueError(f"answers of {previous.cycle}/{previous.region} do not precede {layout.cycle}")
    found = {cell.at: _value(previous, cell) for cell in layout.answers}
    return {at: value for at, value in found.items() if value is not None}
