"""Search attributes of obligation workflows: few enough for the dev server's SQLite visibility."""

from __future__ import annotations

import datetime as dt

from temporalio.common import SearchAttributeKey, SearchAttributePair, TypedSearchAttributes

from domain.moscow import MOSCOW
from domain.obligation.terms import ObligationTerms

STATUS = SearchAttributeKey.for_keyword("EciStatus")
CYCLE = SearchAttributeKey.for_int("EciCycle")
MEASURE = SearchAttributeKey.for_int("EciMeasure")
REGION = SearchAttributeKey.for_keyword("EciRegion")
DISTRICT = SearchAttributeKey.for_keyword("EciDistrict")
DUE = SearchAttributeKey.for_datetime("EciDue")

# (name, type) as `temporal server start-dev --search-attribute NAME=TYPE` spells them
REGISTRATION: tuple[tuple[str, str], ...] = (
    ("EciStatus", "Keyword"),
    ("EciCycle", "Int"),
    ("EciMeasure", "Int"),
    ("EciRegion", "Keyword"),
    ("EciDistrict", "Keyword"),
    ("EciDue", "Datetime"),
)

# Moscow keeps UTC+3 all year; a fixed offset stays deterministic inside the workflow sandbox.


def due_instant(due: dt.date) -> dt.datetime:
    """The due date as a Datetime attribute value: midnight Moscow time."""
    return dt.datetime.combine(due, dt.time(), tzinfo=MOSCOW)


def opening_attributes(terms: ObligationTerms) -> TypedSearchAttributes:
    """The attributes an obligation workflow is started with."""
    return TypedSearchAttributes(
        [
            SearchAttributePair(STATUS, "open"),
            SearchAttributePair(CYCLE, terms.cycle),
            SearchAttributePair(MEASURE, terms.measure),
            SearchAttributePair(REGION, terms.participant),
            SearchAttributePair(DISTRICT, terms.district),
            SearchAttributePair(DUE, due_instant(terms.deadline.effective_due)),
        ]
    )
