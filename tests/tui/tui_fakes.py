"""Small stand-ins for statuses, measures and regions, for the pure view-model tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from domain.obligation.states import ObligationState


class District(Enum):
    CENTRAL = "Центральный федеральный округ"
    NORTH_WEST = "Северо-Западный федеральный округ"


@dataclass(frozen=True)
class FakeRegion:
    code: str
    name: str
    federal_district: District


@dataclass(frozen=True)
class FakeMeasure:
    number: int
    title: str


@dataclass(frozen=True)
class FakeStatus:
    cycle: int
    measure: int
    participant: str
    state: ObligationState
    due: dt.date = dt.date(2023, 12, 31)
    effective_due: dt.date = dt.date(2023, 12, 31)
    submitted_at: dt.datetime | None = None


REGIONS = (
    FakeRegion("77", "Москва", District.CENTRAL),
    FakeRegion("78", "Санкт-Петербург", District.NORTH_WEST),
    FakeRegion("50", "Московская область", District.CENTRAL),
)
MEASURES = (FakeMeasure(1, "Первое"), FakeMeasure(2, "Второе"), FakeMeasure(3, "Третье"))


def at(day: dt.date) -> dt.datetime:
    """Noon UTC of a day."""
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)
