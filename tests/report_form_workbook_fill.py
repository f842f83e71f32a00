"""Filling a report-form workbook as a person types into Excel: text where Excel would keep text."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from domain.report_form.forms import report_form_for
from domain.report_form.sheet import AnswerCell, AnswerType, Index
from domain.report_form.sheet_layout import build_layout


def typed(cell: AnswerCell) -> str | None:
    """What a person types into the cell; the first table row and the first listed document only."""
    if any(isinstance(step, Index) and step.n > 1 for step in cell.path):
        return None
    match cell.type:
        case AnswerType.YES_NO:
            return "Да"
        case AnswerType.INTEGER:
            return "1 234"
        case AnswerType.AMOUNT:
            return "1 500,50"
        case AnswerType.DATE:
            return "10.02.2027"
        case AnswerType.CHOICE:
            return cell.choices[0].label
        case AnswerType.DOCUMENT_KIND:
            return "Приказ"
    return "Проведены совещания рабочей группы"


def fill_like_a_person(
    path: Path, cycle: int, region: str, overrides: dict[str, object] | None = None
) -> None:
    """Type an answer into every open cell of the workbook; `overrides` maps «sheet!C14» to a value."""
    layout = build_layout(report_form_for(cycle), region)
    book = load_workbook(path)
    for cell in layout.answers:
        value = typed(cell)
        if value is not None:
            book[cell.at.sheet][cell.at.ref] = value
    for where, value in (overrides or {}).items():
        sheet, ref = where.split("!")
        book[sheet][ref] = value
    book.save(path)
