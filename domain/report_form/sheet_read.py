"""A filled workbook's cells back into the answer data an answer file holds, and problems back to cells.

Values are read as a person types them: «1 234» and «1 234,5» (spaces, also non-breaking, as thousands
separators), «Да»/«ДА», dates as 10.02.2027 or as real spreadsheet dates, a whole number the spreadsheet
hands over as 12.0. The data then goes through the same check as a YAML file
(`domain.report_form.check.check_answers`), so the rules are one; each problem is then placed on the
cell it is about.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from domain.report_form.answers import Problem
from domain.report_form.check import AnswersCheck, check_answers
from domain.report_form.sheet import AnswerCell, AnswerType, CellRef, Index, PathStep, WorkbookLayout

# Thousands separators a person or a spreadsheet puts in numbers: space, no-break and narrow no-break.
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")


@dataclass(frozen=True)
class LocatedProblem:
    """A problem of the answers and the cell it is about (None when no one cell is)."""

    problem: Problem
    where: CellRef | None

    def __str__(self) -> str:
        if self.where is None:
            return str(self.problem)
        return f"{self.problem.item} ({self.where}): {self.problem.message}"


def lenient_value(cell: AnswerCell, value: object) -> object:
    """The cell's value as the answer check expects it, forgiving how people type."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    match cell.type:
        case AnswerType.INTEGER:
            if isinstance(value, str) and _SPACES.sub("", value).isdigit():
                return int(_SPACES.sub("", value))
            if isinstance(value, float) and value.is_integer():
                return int(value)
        case AnswerType.AMOUNT:
            if isinstance(value, str):
                return _SPACES.sub("", value)
            if isinstance(value, float):
                return Decimal(repr(value))
        case AnswerType.DATE | AnswerType.TEXT:
            # A date cell holds a datetime at midnight; the form's dates have no time.
            if isinstance(value, dt.datetime):
                return value.date()
        case AnswerType.CHOICE:
            if isinstance(value, str):
                for choice in cell.choices:
                    if value.casefold() in (choice.key.casefold(), choice.label.casefold()):
                        return choice.key
    return value


def _nest(entries: list[tuple[tuple[PathStep, ...], object]]) -> object:
    """Values at paths → the nested mappings and lists of an answer file."""
    if len(entries) == 1 and not entries[0][0]:
        return entries[0][1]
    groups: dict[PathStep, list[tuple[tuple[PathStep, ...], object]]] = {}
    for path, value in entries:
        groups.setdefault(path[0], []).append((path[1:], value))
    if all(isinstance(step, Index) for step in groups):
        ordered = sorted(groups.items(), key=lambda kv: kv[0].n if isinstance(kv[0], Index) else 0)
        return [_nest(rest) for _, rest in ordered]
    return {step: _nest(rest) for step, rest in groups.items()}


def answer_data(layout: WorkbookLayout, values: Mapping[CellRef, object]) -> dict[str, object]:
    """The answer data of a filled workbook (`values`: what each answer cell holds; absent is blank)."""
    by_key: dict[str, list[tuple[tuple[PathStep, ...], object]]] = {}
    for cell in layout.answers:
        by_key.setdefault(cell.key, []).append((cell.path, lenient_value(cell, values.get(cell.at))))
    answers = {key: _nest(entries) for key, entries in by_key.items()}
    return {"cycle": layout.cycle, "region": layout.region, "answers": answers}


def locate(layout: WorkbookLayout, problem: Problem) -> CellRef | None:
    """The cell a problem is about: of its item's cells, the one whose path holds most of the problem's
    path steps (a part, a year, a field, a row), earliest first."""
    cells = [c for c in layout.answers if c.number == problem.item]
    if not cells:
        return None
    steps = problem.path

    def score(cell: AnswerCell) -> tuple[int, int]:
        found = [steps.index(s) for s in cell.path if s in steps]
        return len(found), -sum(found)

    return max(cells, key=score).at


def check_cells(
    layout: WorkbookLayout, values: Mapping[CellRef, object]
) -> tuple[AnswersCheck, tuple[LocatedProblem, ...]]:
    """Check a filled workbook like an answer file; every problem with the cell it is about."""
    result = check_answers(answer_data(layout, values))
    return result, tuple(LocatedProblem(p, locate(layout, p)) for p in result.problems)
