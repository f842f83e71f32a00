"""A region's whole answers written into its workbook's cells: what a region that filled the form in Excel
sends back (the demo's mailed form; the workbook round trip's tests).

The inverse of reading a workbook (`domain.report_form.sheet_read`): every answer, the year's own text and
table rows included, goes into its cell as a person would have typed it, choices by their words.
"""

from __future__ import annotations

from domain.report_form.answers import FormAnswers, TableAnswer, TextAnswer
from domain.report_form.prefill import CellValue, carried_value
from domain.report_form.sheet import AnswerCell, CellRef, Index, WorkbookLayout


def _table_value(answer: TableAnswer, cell: AnswerCell) -> CellValue | None:
    slot, column, *year = cell.path
    if not isinstance(slot, Index) or slot.n > len(answer.rows):
        return None
    value = answer.rows[slot.n - 1].get(str(column))
    if isinstance(value, dict):
        return value.get(year[0]) if year and isinstance(year[0], int) else None
    for choice in cell.choices:  # a drop-down shows the choice's words, not its key
        if value == choice.key:
            return choice.label
    return value


def cell_value(answers: FormAnswers, cell: AnswerCell) -> CellValue | None:
    """What the cell holds when the answers are typed into the workbook."""
    answer = answers.items.get(cell.key)
    if answer is None:
        return None
    if isinstance(answer, TextAnswer):
        return answer.text
    if isinstance(answer, TableAnswer):
        return _table_value(answer, cell)
    return carried_value(answer, cell.path)


def filled_cells(layout: WorkbookLayout, answers: FormAnswers) -> dict[CellRef, CellValue]:
    """Every answer cell the answers fill."""
    if (answers.cycle, answers.region) != (layout.cycle, layout.region):
        raise ValueError(f"answers of {answers.cycle}/{answers.region} are not the form of this workbook")
    found = {cell.at: cell_value(answers, cell) for cell in layout.answers}
    return {at: value for at, value in found.items() if value is not None}
