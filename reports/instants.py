"""Reading the instants auditors type: a date means the end of that day in Moscow, where the plan runs."""

from __future__ import annotations

import datetime as dt

from domain.errors import DomainError
from domain.moscow import MOSCOW


def parse_instant(text: str) -> dt.datetime:
    """`2023-07-01` → the last instant of that Moscow day; a naive datetime is Moscow time; else as given."""
    raw = text.strip()
    try:
        if len(raw) == 10:
            day = dt.date.fromisoformat(raw)
            return end_of_day(day)
        instant = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise DomainError(
            f"«{text}» — не момент времени: ожидается дата ГГГГ-ММ-ДД или дата и время по ISO 8601",
            "bad_instant",
        ) from None
    return instant if instant.tzinfo else instant.replace(tzinfo=MOSCOW)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last microsecond of a Moscow calendar day, so everything that happened that day counts."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=MOSCOW)


def parse_day(text: str) -> dt.date:
    """A calendar date `YYYY-MM-DD` (the report date)."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise DomainError(f"«{text}» — не дата: ожидается ГГГГ-ММ-ДД", "bad_date") from None
