"""Deadline rules: how the plan's «Сроки реализации» wording reads as dates.

Every wording the plan uses has one rule here, with its reading next to it. Unknown wording is an
error rather than a guess, so a new seed cannot slip in an unread deadline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from domain.errors import DomainError
from domain.plan.types import Deadline, Recurrence

_QUARTER_END: dict[str, tuple[int, int]] = {"I": (3, 31), "II": (6, 30), "III": (9, 30), "IV": (12, 31)}

_MONTHS_GENITIVE: dict[str, int] = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip

# «II квартал 2023 года» → the last day of that quarter (2023-06-30); «IV квартал 2023 года» → 2023-12-31.
# The plan also writes «IV квартал 2023 год» (measure 9) — the same reading.
_QUARTER = r"(?P<quarter>IV|III|II|I) квартал (?P<qyear>\d{4}) года?"
# «2023 год» → the whole calendar year, so its last day: 2023-12-31.
_YEAR = r"(?P<year>\d{4}) года?"
_PERIOD = re.compile(rf"^(?:{_QUARTER}|{_YEAR})$")
# «ежегодно» → the measure falls due once in every cycle (reporting year), with the annual report on
# 15 April of the next year; see `annual_due`.
_ANNUAL = "ежегодно"
# Staged wording (measure 24): «IV квартал 2022 года - <stage>, II квартал 2023 года - <stage>» →
# one deadline per stage, each read by the period rules above; the last stage closes the measure.
_STAGE = re.compile(
    r"(?P<period>(?:IV|III|II|I) квартал \d{4} года?|\d{4} года?) - (?P<label>.+?)"
    r"(?=, (?:IV|III|II|I) квартал \d{4}|, \d{4} год|$)"
)
# «в срок до 15 апреля года, следующего за отчетным» (measures 4 and 5) → an annual report on cycle N
# is due on 15 April of year N + 1.
_NEXT_YEAR_DAY = re.compile(
    r"в срок до (?P<day>\d{1,2}) (?P<month>" + "|".join(_MONTHS_GENITIVE) + r") года, следующего за отчетным"
)


class DeadlineReading(BaseModel):
    """The reading of one «Сроки реализации» text: recurrence and, for once-measures, dated deadlines."""

    model_config = ConfigDict(frozen=True)

    recurrence: Recurrence
    deadlines: tuple[Deadline, ...] = ()


def _normalise(text: str) -> str:
    return " ".join(text.split())


def period_end(period_text: str) -> dt.date:
    """The last day of a period the plan names: a quarter («II квартал 2023 года») or a year («2023 год»)."""
    match = _PERIOD.match(_normalise(period_text))
    if match is None:
        raise DomainError(f"срок «{period_text}» не читается", "unreadable_deadline")
    if match.group("quarter"):
        month, day = _QUARTER_END[match.group("quarter")]
        return dt.date(int(match.group("qyear")), month, day)
    return dt.date(int(match.group("year")), 12, 31)


def read_deadline_text(text: str) -> DeadlineReading:
    """Read the plan's deadline wording; raise DomainError for wording no rule covers."""
    norm = _normalise(text)
    if norm == _ANNUAL:
        return DeadlineReading(recurrence=Recurrence.ANNUAL)
    if _PERIOD.match(norm):
        only = Deadline(label=norm, due=period_end(norm))
        return DeadlineReading(recurrence=Recurrence.ONCE, deadlines=(only,))
    stages = list(_STAGE.finditer(norm))
    if stages and ", ".join(m.group(0) for m in stages) == norm:
        deadlines = tuple(
            Deadline(label=m.group("label").strip(), due=period_end(m.group("period"))) for m in stages
        )
        ordered = tuple(sorted(deadlines, key=lambda d: d.due))
        return DeadlineReading(recurrence=Recurrence.ONCE, deadlines=ordered)
    raise DomainError(f"нет правила, читающего срок «{text}»", "unreadable_deadline")


def report_day_next_year(document_texts: Iterable[str]) -> tuple[int, int] | None:
    """(month, day) of «в срок до D <месяца> года, следующего за отчетным» in a measure's documents."""
    for text in document_texts:
        match = _NEXT_YEAR_DAY.search(_normalise(text))
        if match:
            return _MONTHS_GENITIVE[match.group("month")], int(match.group("day"))
    return None


# The plan names one reporting date, for the regions' reports of measures 4 and 5 (seed 001, lines
# 138-140 and 178-180: «в срок до 15 апреля года, следующего за отчетным»), and the report form (seed
# 000) is a single annual report answering every regional measure at once (item 1.1: «… проведены в 2023
# году …»). So the evidence of every obligation of cycle N — annual or once, regional or federal — is
# reported with that year's report: due on 15 April of N + 1 (`domain.plan.dates`), a reading that every
# view states beside the date.
PLAN_REPORT_DAY: tuple[int, int] = (4, 15)


def annual_due(cycle: int, document_texts: Iterable[str]) -> dt.date:
    """Due date of an annual measure in a cycle: its own report day in the next year, else the plan's.

    Measures 4 and 5 state «в срок до 15 апреля года, следующего за отчетным»; the others say only
    «ежегодно», and their year's work is reported with the same annual report, by the same day.
    """
    month, day = report_day_next_year(document_texts) or PLAN_REPORT_DAY
    return dt.date(cycle + 1, month, day)
