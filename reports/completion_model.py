"""The completion report as typed data: rows per obligation, totals per group, progress over time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.obligation.states import ObligationState
from domain.obligation.timeliness import Timeliness


@dataclass(frozen=True)
class ChainHead:
    """The event position and chain hash a report was built from; quoted as `position:hash`."""

    position: int
    hash: str

    def __str__(self) -> str:
        return f"{self.position}:{self.hash}"


@dataclass(frozen=True)
class DocumentLine:
    """One proving document as the report prints it: kind (in Russian), number, date, issuer."""

    kind: str
    number: str
    date: dt.date
    issuer: str

    def __str__(self) -> str:
        return f"{self.kind} № {self.number} от {self.date:%d.%m.%Y} ({self.issuer})"


@dataclass(frozen=True)
class ReportRow:
    """One obligation of the cycle: measure × participant."""

    obligation_id: str
    measure: int
    section: str
    measure_title: str
    participant: str
    participant_name: str
    federal_district: str
    state: ObligationState
    due: dt.date
    effective_due: dt.date
    submitted_on: dt.date | None
    accepted_on: dt.date | None
    timeliness: Timeliness
    days_late: int
    documents: tuple[DocumentLine, ...]
    # The plan's «Сроки реализации» in the cycle, and whether the proving documents are all dated after
    # it («выполнено с нарушением срока»): counted apart from evidence submitted late.
    implementation_due: dt.date | None = None
    implemented_late: bool = False


@dataclass(frozen=True)
class Totals:
    """Counts of one group (a federal district, a section, a measure, or everything)."""

    key: str
    label: str
    total: int
    accepted: int
    on_time: int
    late: int
    missing: int
    pending: int
    waived: int
    implemented_late: int = 0  # carried out after the implementation deadline, whenever reported

    @property
    def expected(self) -> int:
        """Obligations still owed: waived ones are not expected."""
        return self.total - self.waived

    @property
    def on_time_rate(self) -> float | None:
        """Share of expected obligations with a submission in by the effective due date."""
        return self.on_time / self.expected if self.expected else None

    @property
    def late_rate(self) -> float | None:
        """Share of expected obligations submitted after the effective due date."""
        return self.late / self.expected if self.expected else None


@dataclass(frozen=True)
class ProgressPoint:
    """Cumulative counts on one day of the cycle, for the progress chart."""

    day: dt.date
    submitted: int
    accepted: int


@dataclass(frozen=True)
class CompletionReport:
    """Everything a cycle's completion report shows, independent of its format."""

    cycle: int
    as_of: dt.date
    head: ChainHead
    title: str
    rows: tuple[ReportRow, ...]
    overall: Totals
    by_district: tuple[Totals, ...]
    by_section: tuple[Totals, ...]
    by_measure: tuple[Totals, ...]
    progress: tuple[ProgressPoint, ...]
