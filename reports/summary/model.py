"""The summary's typed inputs (the regions' filed forms) and outputs (totals per item, per table)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from domain.plan.regions import Region
from domain.report_form.answers import FormAnswers

Number = int | Decimal


@dataclass(frozen=True)
class FiledForm:
    """A region's latest report form of a cycle as of the report date, and which filing it was."""

    region: str
    answers: FormAnswers
    filed_on: dt.date
    version: int  # 1 for the first filing; a refiled form replaces the earlier one
    position: int  # the event that recorded it
    by: str | None = None


@dataclass(frozen=True)
class CountTotal:
    """One count of the form (an item, or one part of it) summed over the regions that gave it."""

    item: str
    part: str  # the part's key; "" for the item's own number
    label: str
    year: int  # the reporting year
    other_year: int  # the year the form compares with (the previous one; 12.5 asks for the next)
    current: Number
    other: Number
    regions: int

    @property
    def compares_previous(self) -> bool:
        """Whether the other year is the year before (then change and percent mean growth)."""
        return self.other_year < self.year

    @property
    def change(self) -> Number:
        """The reporting year less the other year."""
        return self.current - self.other

    @property
    def percent(self) -> float | None:
        """The change as a share of the other year; None when that year had nothing."""
        return None if not self.other else float(self.change) / float(self.other)


@dataclass(frozen=True)
class YesNoTotal:
    """A да/нет question (or one part of it): which regions said yes, which no, which gave no answer."""

    item: str
    part: str
    label: str
    yes: tuple[str, ...]
    no: tuple[str, ...]
    unanswered: tuple[str, ...]  # in scope, but no form or no answer to this item

    @property
    def of(self) -> int:
        """The regions in scope."""
        return len(self.yes) + len(self.no) + len(self.unanswered)

    @property
    def share(self) -> float | None:
        """Yes as a share of the regions in scope."""
        return len(self.yes) / self.of if self.of else None


@dataclass(frozen=True)
class DocumentTotal:
    """Document questions: how many regions named a document, and how many documents in all."""

    item: str
    with_document: tuple[str, ...]
    documents: int
    of: int


@dataclass(frozen=True)
class ColumnTotal:
    """A numeric column of a table summed over every row of every region (one year of a counts column)."""

    column: str
    label: str
    year: int | None
    total: Number
    rows: int


@dataclass(frozen=True)
class ChoiceTotal:
    """A numeric column summed over the rows that chose one value of the table's choice column."""

    choice: str
    column: str
    total: Number
    rows: int


@dataclass(frozen=True)
class TableTotal:
    """A table of the form summed by column (and by its choice column's values), with its row count."""

    key: str
    columns: tuple[ColumnTotal, ...]
    by_choice: tuple[ChoiceTotal, ...]
    rows: int
    regions: int


@dataclass(frozen=True)
class ItemSummary:
    """One question of the form (or one table) summed over the regions in scope."""

    number: str  # the item's number, or the table's key
    measure: int
    question: str
    answered: int  # regions that answered it
    counts: tuple[CountTotal, ...] = ()
    shares: tuple[YesNoTotal, ...] = ()
    documents: DocumentTotal | None = None
    table: TableTotal | None = None
    is_text: bool = False  # free text: gathered in the appendix rather than summed


@dataclass(frozen=True)
class Scope:
    """Which regions a summary covers: all 89, or one federal district's."""

    regions: tuple[Region, ...]
    district: str | None = None  # the district's Russian name when the summary is limited to it

    @property
    def codes(self) -> tuple[str, ...]:
        """The regions' codes."""
        return tuple(r.code for r in self.regions)
