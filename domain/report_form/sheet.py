"""The report form as a workbook a region fills in: the cells of its layout, each label and answer.

Pure layout, no spreadsheet library: one sheet per plan section (I … VI) holding the form's sections for
that section's measures; column A the item number, B the wording, C onwards the answers. Every answer
cell knows its type (for the drop-down or number check the workbook puts on it) and its path in the
answer data `domain.report_form.check` reads, so a filled workbook becomes the same data a YAML file
does. `WorkbookLayout.digest` fingerprints the layout (with cycle and region) so a workbook made from
another form, another region's template or an older layout is recognised on reading.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from domain.report_form.paths import Index, PathStep
from domain.report_form.schema import (
    FormPart,
)

__all__ = ["Index", "PathStep"]

# Bumped whenever the layout changes, so workbooks written by an older layout are refused as stale.
LAYOUT_VERSION = "eci-report-form-xlsx/1"
ANSWER_COLUMN = 3  # C
TABLE_ROWS = 20  # blank rows offered per table; blank rows are ignored
DOCUMENT_SLOTS = 5  # documents offered for a list of documents
DOCUMENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("kind", "вид документа"),
    ("number", "номер"),
    ("date", "дата (ДД.ММ.ГГГГ)"),
    ("issuer", "кем принят"),
    ("title", "название (необязательно)"),
)
YES, NO = "да", "нет"
PREFILL_NOTE_ROW = 4  # the writer's note on answers carried from last year's report (not in the layout)
HEADER_ROW = 5


class AnswerType(StrEnum):
    """What an answer cell holds, and so which check or drop-down the workbook gives it."""

    YES_NO = "yes_no"
    INTEGER = "integer"
    AMOUNT = "amount"
    DATE = "date"
    TEXT = "text"
    CHOICE = "choice"
    DOCUMENT_KIND = "document_kind"


class LabelStyle(StrEnum):
    """How a label cell looks."""

    TITLE = "title"
    NOTE = "note"
    SECTION = "section"
    HEADER = "header"
    MEASURE = "measure"
    ITEM = "item"
    FIELD = "field"


def column_letter(column: int) -> str:
    """Spreadsheet column letters: 1 → A, 27 → AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class CellRef:
    """Where a cell is, as a person finds it: «лист II, C14»."""

    sheet: str
    row: int
    column: int

    @property
    def ref(self) -> str:
        """The cell's address on its sheet, e.g. C14."""
        return f"{column_letter(self.column)}{self.row}"

    def __str__(self) -> str:
        return f"лист {self.sheet}, {self.ref}"


@dataclass(frozen=True)
class AnswerCell:
    """One cell a region types into, and where its value goes in the answer data."""

    at: CellRef
    type: AnswerType
    key: str  # the answer key: an item number, or a table's key
    number: str  # the item a problem with this cell names (a table's column item)
    path: tuple[PathStep, ...]
    choices: tuple[FormPart, ...] = ()


@dataclass(frozen=True)
class LabelCell:
    """A fixed text of the workbook (protected)."""

    at: CellRef
    text: str
    style: LabelStyle


@dataclass(frozen=True)
class SheetLayout:
    """One sheet: a plan section's form sections."""

    name: str
    labels: tuple[LabelCell, ...]
    answers: tuple[AnswerCell, ...]


@dataclass(frozen=True)
class WorkbookLayout:
    """The whole workbook of one region's form for one cycle."""

    cycle: int
    region: str
    previous_year: int
    sheets: tuple[SheetLayout, ...]

    @cached_property
    def answers(self) -> tuple[AnswerCell, ...]:
        """Every answer cell, sheet by sheet, top to bottom."""
        return tuple(c for s in self.sheets for c in s.answers)

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the layout, cycle and region: what the workbook's hidden sheet records."""
        cells = [
            [c.at.sheet, c.at.ref, c.type.value, c.key, c.number, [_step_text(s) for s in c.path]]
            + [[p.key, p.label] for p in c.choices]
            for c in self.answers
        ]
        labels = [[x.at.sheet, x.at.ref, x.text] for s in self.sheets for x in s.labels]
        body = [LAYOUT_VERSION, self.cycle, self.region, cells, labels]
        canonical = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


def _step_text(step: PathStep) -> str:
    return f"#{step.n}" if isinstance(step, Index) else str(step)
