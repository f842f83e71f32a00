"""What the «Сводка» screens show, as plain data handed to the TUI: the consolidated report's key
figures and findings for a cycle, and one region's form laid out item by item.

The TUI does not build reports; `eci.tui_summary` fills these from the reports layer, tests may pass any
object with the two methods.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class FigureRow:
    """A key indicator: its label with the unit, the reporting year's total, the year before, the change."""

    label: str
    current: str
    previous: str
    change: str


@dataclass(frozen=True)
class FindingRow:
    """A validation finding, as the coordinator queries the region about it."""

    region: str
    region_name: str
    item: str
    rule: str
    message: str


@dataclass(frozen=True)
class SummaryView:
    """The cycle's consolidated picture on a day."""

    cycle: int
    heading: str
    forms: str  # «формы: 86 из 89 (в срок — 84, …)»
    figures: tuple[FigureRow, ...]
    presences: tuple[str, ...]
    findings: tuple[FindingRow, ...]


@dataclass(frozen=True)
class FormLine:
    """One line of a region's form: an item's question (with its number) or a line of its answer."""

    item: str  # the item's number on every line of it (a table's key on its rows)
    text: str
    is_question: bool


@dataclass(frozen=True)
class RegionFormView:
    """A region's latest form of a cycle, item by item."""

    title: str
    source: str  # which filing the answers come from
    lines: tuple[FormLine, ...]


class SummarySource(Protocol):
    """The consolidated report and the regions' forms, read for the TUI (blocking: call from a worker)."""

    def summary(self, cycle: int, as_of: dt.date) -> SummaryView:
        """The cycle's summary on the day."""
        ...

    def region_form(self, cycle: int, region: str) -> RegionFormView:
        """A region's form of the cycle."""
        ...
