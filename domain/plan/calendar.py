"""The Russian production calendar 2022–2027: which days are non-working, and effective due dates.

Sources. Public holidays: Labour Code art. 112 (1–6 and 8 January New Year holidays, 7 January,
23 February, 8 March, 1 May, 9 May, 12 June, 4 November). A holiday on a Saturday or Sunday moves to the
next working day (art. 112 part 2), except the January ones, which the Government redistributes.
Transfers of days off, by the Government decrees «О переносе выходных дней»:
- 2022: decree of 16.09.2021 N 1564 (the plan's measure 24 has a 2022 stage);
- 2023: decree of 29.08.2022 N 1505;
- 2024: decree of 10.08.2023 N 1306;
- 2025: decree of 04.10.2024 N 1335;
- 2026: decree of September 2025 (ConsultantPlus document LAW_515170);
- 2027: decree of September 2026 (ConsultantPlus document LAW_544706).
The table is cross-checked against the `holidays` package in the tests. Years without a decree in the
table fall back to art. 112 alone (holidays plus the weekend-holiday move), a provisional reading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

# Days off that art. 112 gives on fixed dates (month, day).
_PUBLIC_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8),
    (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4),
)  # fmt: skip

_D = dt.date

# Extra days off in each official year: decree transfers and art. 112 moves of weekend holidays.
_EXTRA_DAYS_OFF: dict[int, tuple[dt.date, ...]] = {
    2022: (
        _D(2022, 3, 7),  # from Saturday 5 March
        _D(2022, 5, 2),  # 1 May is a Sunday (art. 112)
        _D(2022, 5, 3),  # from Saturday 1 January
        _D(2022, 5, 10),  # from Sunday 2 January
        _D(2022, 6, 13),  # 12 June is a Sunday (art. 112)
    ),
    2023: (
        _D(2023, 2, 24),  # from Sunday 1 January
        _D(2023, 5, 8),  # from Sunday 8 January
        _D(2023, 11, 6),  # 4 November is a Saturday (art. 112)
    ),
    2024: (
        _D(2024, 4, 29),  # from Saturday 27 April
        _D(2024, 4, 30),  # from Saturday 2 November
        _D(2024, 5, 10),  # from Saturday 6 January
        _D(2024, 12, 30),  # from Saturday 28 December
        _D(2024, 12, 31),  # from Sunday 7 January
    ),
    2025: (
        _D(2025, 5, 2),  # from Saturday 4 January
        _D(2025, 5, 8),  # from Sunday 23 February
        _D(2025, 6, 13),  # from Saturday 8 March
        _D(2025, 11, 3),  # from Saturday 1 November
        _D(2025, 12, 31),  # from Sunday 5 January
    ),
    2026: (
        _D(2026, 1, 9),  # from Saturday 3 January
        _D(2026, 3, 9),  # 8 March is a Sunday (art. 112)
        _D(2026, 5, 11),  # 9 May is a Saturday (art. 112)
        _D(2026, 12, 31),  # from Sunday 4 January
    ),
    2027: (
        _D(2027, 2, 22),  # from Saturday 20 February
        _D(2027, 5, 3),  # 1 May is a Saturday (art. 112)
        _D(2027, 5, 10),  # 9 May is a Sunday (art. 112)
        _D(2027, 6, 14),  # 12 June is a Saturday (art. 112)
        _D(2027, 11, 5),  # from Saturday 2 January
        _D(2027, 12, 31),  # from Sunday 3 January
    ),
}

# Saturdays the decrees made working days.
_WORKING_WEEKEND_DAYS: dict[int, tuple[dt.date, ...]] = {
    2022: (_D(2022, 3, 5),),
    2023: (),
    2024: (_D(2024, 4, 27), _D(2024, 11, 2), _D(2024, 12, 28)),
    2025: (_D(2025, 11, 1),),
    2026: (),
    2027: (_D(2027, 2, 20),),
}

# How a date computed from a provisional year is marked wherever a user reads it.
PROVISIONAL_MARK_RU = "предварительно"

OFFICIAL_YEARS: tuple[int, ...] = tuple(sorted(_EXTRA_DAYS_OFF))


def _is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(dt.date(year, m, d) for m, d in _PUBLIC_HOLIDAYS)


@lru_cache(maxsize=64)
def _art_112_moves(year: int) -> frozenset[dt.date]:
    """Provisional: a non-January holiday on a weekend moves to the next weekday that is no holiday."""
    holidays = _public_holidays(year)
    moved: set[dt.date] = set()
    for day in sorted(holidays):
        if day.month == 1 or not _is_weekend(day):
            continue
        target = day + dt.timedelta(days=1)
        while _is_weekend(target) or target in holidays or target in moved:
            target += dt.timedelta(days=1)
        moved.add(target)
    return frozenset(moved)


def is_official_year(year: int) -> bool:
    """Whether the calendar of `year` comes from a Government decree (not the provisional fallback)."""
    return year in _EXTRA_DAYS_OFF


def is_provisional_year(year: int) -> bool:
    """Whether the calendar of `year` is the provisional art. 112 reading, no decree behind it yet."""
    return not is_official_year(year)


def is_provisional_effective_due(nominal: dt.date) -> bool:
    """Whether the effective due date of `nominal` rests on a provisional year's calendar.

    The search for the next working day may cross into the next year, so every year it walked
    through counts, not only the nominal date's.
    """
    last = effective_due(nominal)
    return any(is_provisional_year(year) for year in range(nominal.year, last.year + 1))


def provisional_years(years: Iterable[int]) -> tuple[int, ...]:
    """The years among `years` whose calendar is provisional, in order."""
    return tuple(sorted({year for year in years if is_provisional_year(year)}))


def is_working_day(day: dt.date) -> bool:
    """Whether `day` is a working day of the five-day week in the Russian production calendar."""
    year = day.year
    if day in _WORKING_WEEKEND_DAYS.get(year, ()):
        return True
    if _is_weekend(day) or day in _public_holidays(year):
        return False
    extra = _EXTRA_DAYS_OFF.get(year)
    return day not in (extra if extra is not None else _art_112_moves(year))


def effective_due(nominal: dt.date) -> dt.date:
    """The nominal due date, or the next working day after it if it is non-working (Civil Code art. 193)."""
    day = nominal
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def non_working_days(year: int) -> tuple[dt.date, ...]:
    """Every non-working day of `year`, in order."""
    start = dt.date(year, 1, 1)
    days = (start + dt.timedelta(days=n) for n in range((dt.date(year + 1, 1, 1) - start).days))
    return tuple(d for d in days if not is_working_day(d))
