"""Which regions filed the cycle's form, when, which version, and whether in time: missing ones first.

The form is due with the annual report, «в срок до 15 апреля года, следующего за отчетным» (seed 001,
measures 4 and 5; `domain.plan.deadlines.PLAN_REPORT_DAY`), moved to the next working day when that falls on
a day off, as every deadline of the plan is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain.plan.calendar import effective_due
from domain.plan.deadlines import PLAN_REPORT_DAY
from domain.plan.regions import Region
from reports.summary.model import FiledForm


class FormState(StrEnum):
    """A region's form against the due date on the report date."""

    MISSING = "missing"  # not filed, and the due date has passed
    LATE = "late"  # filed after the due date
    PENDING = "pending"  # not filed, not due yet
    ON_TIME = "on_time"


FORM_STATE_LABELS_RU = {
    FormState.MISSING: "не представлена",
    FormState.LATE: "с опозданием",
    FormState.PENDING: "срок не наступил",
    FormState.ON_TIME: "в срок",
}
_ORDER = {FormState.MISSING: 0, FormState.LATE: 1, FormState.PENDING: 2, FormState.ON_TIME: 3}


@dataclass(frozen=True)
class Filing:
    """One region's line of the completeness table."""

    region: Region
    state: FormState
    filed: FiledForm | None
    days_late: int


@dataclass(frozen=True)
class Completeness:
    """The forms of a cycle against their due date, on the report date."""

    due: dt.date
    filings: tuple[Filing, ...]

    def count(self, state: FormState) -> int:
        """Regions in one state."""
        return sum(1 for f in self.filings if f.state is state)

    @property
    def filed(self) -> int:
        """Regions whose form is in."""
        return sum(1 for f in self.filings if f.filed is not None)


def form_due(cycle: int) -> dt.date:
    """The working day the cycle's form is due on."""
    month, day = PLAN_REPORT_DAY
    return effective_due(dt.date(cycle + 1, month, day))


def completeness(
    cycle: int, regions: Sequence[Region], forms: Mapping[str, FiledForm], as_of: dt.date
) -> Completeness:
    """Every region of the scope: missing first, then late, then not yet due, then on time; by code within."""
    due = form_due(cycle)
    filings = [_filing(r, forms.get(r.code), due, as_of) for r in regions]
    filings.sort(key=lambda f: (_ORDER[f.state], f.region.code))
    return Completeness(due, tuple(filings))


def _filing(region: Region, filed: FiledForm | None, due: dt.date, as_of: dt.date) -> Filing:
    if filed is None:
        if as_of > due:
            return Filing(region, FormState.MISSING, None, (as_of - due).days)
        return Filing(region, FormState.PENDING, None, 0)
    if filed.filed_on > due:
        return Filing(region, FormState.LATE, filed, (filed.filed_on - due).days)
    return Filing(region, FormState.ON_TIME, filed, 0)
