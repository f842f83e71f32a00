"""The whole summary as typed data, independent of its format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.plan.regions import Region
from domain.report_form.schema import ReportForm
from reports.completion_model import ChainHead
from reports.summary.completeness import Completeness
from reports.summary.indicators import Indicator, Presence
from reports.summary.model import ItemSummary, Number, Scope
from reports.summary.rule_catalog import Finding


@dataclass(frozen=True)
class IndicatorTotal:
    """A key indicator: the total, the same regions' year before when the form gives it, and its spread."""

    indicator: Indicator
    total: Number
    previous: Number | None
    regions: int  # regions that gave it
    by_district: tuple[tuple[str, Number], ...]
    by_region: dict[str, Number]


@dataclass(frozen=True)
class PresenceTotal:
    """A key да/нет indicator: the regions that have it, of those in scope."""

    presence: Presence
    yes: tuple[str, ...]
    of: int


@dataclass(frozen=True)
class TrendPoint:
    """One cycle's national picture: forms filed and each indicator's total."""

    cycle: int
    filed: int
    totals: dict[str, Number]


@dataclass(frozen=True)
class TextAnswers:
    """A free-text question with every region's answer; identical answers are given once with all their
    regions."""

    item: str
    question: str
    answers: tuple[tuple[tuple[str, ...], str], ...]


@dataclass(frozen=True)
class DistrictItems:
    """One federal district's totals of every item."""

    district: str
    regions: int
    filed: int
    items: tuple[ItemSummary, ...]


@dataclass(frozen=True)
class Summary:
    """Everything the consolidated report shows."""

    cycle: int
    as_of: dt.date
    head: ChainHead
    form: ReportForm
    scope: Scope
    completeness: Completeness
    items: tuple[ItemSummary, ...]
    districts: tuple[DistrictItems, ...]
    indicators: tuple[IndicatorTotal, ...]
    presences: tuple[PresenceTotal, ...]
    trend: tuple[TrendPoint, ...]
    findings: tuple[Finding, ...]
    texts: tuple[TextAnswers, ...]

    @property
    def title(self) -> str:
        """The report's heading."""
        where = f": {self.scope.district}" if self.scope.district else ""
        return f"Сводный отчёт субъектов Российской Федерации о ранней помощи за {self.cycle} год{where}"

    def region(self, code: str) -> Region:
        """A region of the scope by code."""
        return next(r for r in self.scope.regions if r.code == code)

    def region_name(self, code: str) -> str:
        """A region's name (the code itself for one outside the scope)."""
        return next((r.name for r in self.scope.regions if r.code == code), code)
