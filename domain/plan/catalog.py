"""The plan's 31 measures as typed data, traceable to the plan's text (`shared/seeds/001_…txt`)."""

from __future__ import annotations

from domain.errors import DomainError
from domain.plan.sections_1_2 import MEASURES_SECTIONS_1_2
from domain.plan.sections_3_4 import MEASURES_SECTIONS_3_4
from domain.plan.sections_5_6 import MEASURES_SECTIONS_5_6
from domain.plan.types import (
    RECURRENCE_LABELS_RU,
    SECTION_TITLES,
    Deadline,
    Executor,
    ExecutorKind,
    Measure,
    Recurrence,
    RequiredDocument,
    Section,
)

__all__ = [
    "MEASURES",
    "RECURRENCE_LABELS_RU",
    "SECTION_TITLES",
    "Deadline",
    "Executor",
    "ExecutorKind",
    "Measure",
    "Recurrence",
    "RequiredDocument",
    "Section",
    "federal_participants",
    "get_measure",
]

MEASURES: tuple[Measure, ...] = MEASURES_SECTIONS_1_2 + MEASURES_SECTIONS_3_4 + MEASURES_SECTIONS_5_6

_BY_NUMBER: dict[int, Measure] = {m.number: m for m in MEASURES}


def get_measure(number: int) -> Measure:
    """The measure with this number (1–31); DomainError if the plan has none."""
    try:
        return _BY_NUMBER[number]
    except KeyError:
        raise DomainError(
            f"неизвестное мероприятие {number}: в Плане мероприятия 1–{len(MEASURES)}", "unknown_measure"
        ) from None


def federal_participants() -> tuple[str, ...]:
    """Every named federal body or organisation that owes at least one measure, in order of first mention."""
    names: dict[str, None] = {}
    for m in MEASURES:
        names.update(dict.fromkeys(m.federal_participants))
    return tuple(names)
