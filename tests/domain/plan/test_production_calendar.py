"""The production calendar matches the official one, and due dates move to the next working day."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from domain.plan.calendar import (
    OFFICIAL_YEARS,
    effective_due,
    is_official_year,
    is_provisional_effective_due,
    is_working_day,
    non_working_days,
    provisional_years,
)

# Working days per year as the official production calendars state them.
WORKING_DAYS = {2022: 247, 2023: 247, 2024: 248, 2025: 247, 2026: 247}


def test_official_years_are_2022_to_2027() -> None:
    # 2022 because measure 24's first stage, «IV квартал 2022 года», falls in it (seed 001 line 809).
    assert OFFICIAL_YEARS == (2022, 2023, 2024, 2025, 2026, 2027)


@pytest.mark.parametrize(("year", "count"), WORKING_DAYS.items())
def test_working_day_count_matches_the_official_calendar(year: int, count: int) -> None:
    days_in_year = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    assert days_in_year - len(non_working_days(year)) == count


@pytest.mark.parametrize("year", OFFICIAL_YEARS)
def test_table_agrees_with_the_holidays_package(year: int) -> None:
    ru = holidays.country_holidays("RU", years=year)
    weekend_workdays = set(ru.weekend_workdays)
    day = dt.date(year, 1, 1)
    while day.year == year:
        expected = (day.weekday() < 5 or day in weekend_workdays) and day not in ru
        assert is_working_day(day) is expected, day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("nominal", "effective"),
    [
        (dt.date(2023, 12, 31), dt.date(2024, 1, 9)),  # Sunday, then the New Year holidays to 8 January
        (dt.date(2024, 12, 31), dt.date(2025, 1, 9)),  # a day off transferred from 7 January
        (dt.date(2025, 12, 31), dt.date(2026, 1, 12)),  # holidays to 11 January 2026
        (dt.date(2026, 12, 31), dt.date(2027, 1, 11)),
        (dt.date(2024, 4, 28), dt.date(2024, 5, 2)),  # 28 April – 1 May 2024 off
        (dt.date(2023, 6, 30), dt.date(2023, 6, 30)),  # a Friday: no move
        (dt.date(2024, 4, 15), dt.date(2024, 4, 15)),
    ],
)
def test_effective_due_is_the_next_working_day(nominal: dt.date, effective: dt.date) -> None:
    assert effective_due(nominal) == effective


def test_working_saturday_is_a_working_day() -> None:
    assert dt.date(2024, 12, 28).weekday() == 5
    assert is_working_day(dt.date(2024, 12, 28))
    assert effective_due(dt.date(2024, 12, 28)) == dt.date(2024, 12, 28)


def test_years_without_a_decree_use_the_labour_code_alone() -> None:
    assert not is_official_year(2029)
    assert not is_working_day(dt.date(2029, 1, 8))
    # 12 June 2029 is a Tuesday; 4 November 2029 a Sunday, so 5 November is off (art. 112 part 2).
    assert not is_working_day(dt.date(2029, 6, 12))
    assert dt.date(2029, 11, 4).weekday() == 6
    assert effective_due(dt.date(2029, 11, 4)) == dt.date(2029, 11, 6)


@pytest.mark.parametrize(
    ("nominal", "provisional"),
    [
        (dt.date(2029, 4, 15), True),
        (dt.date(2027, 4, 15), False),
        (dt.date(2027, 12, 31), True),  # a day off by the 2027 decree: moves into 2028, provisional
        (dt.date(2026, 12, 31), False),
        (dt.date(2022, 6, 12), False),  # measure 24's 2022 stage: the real 2022 calendar
    ],
)
def test_an_effective_date_is_provisional_when_a_year_it_rests_on_has_no_decree(
    nominal: dt.date, provisional: bool
) -> None:
    assert is_provisional_effective_due(nominal) is provisional


def test_provisional_years_are_those_without_a_decree() -> None:
    assert provisional_years([2031, 2026, 2028, 2028]) == (2028, 2031)
    assert provisional_years(OFFICIAL_YEARS) == ()
