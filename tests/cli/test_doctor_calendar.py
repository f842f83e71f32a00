"""`eci doctor` warns before deadlines rest on a year the production calendar only guesses."""

from __future__ import annotations

import datetime as dt

from eci.doctor import Outcome, check_production_calendar


def test_doctor_warns_when_next_year_has_no_decree() -> None:
    result = check_production_calendar(dt.date(2027, 6, 1))
    assert result.outcome is Outcome.WARN
    assert "2028" in result.detail
    assert "2027" not in result.detail.split(":")[0]


def test_doctor_names_both_years_when_neither_has_a_decree() -> None:
    result = check_production_calendar(dt.date(2030, 1, 15))
    assert result.outcome is Outcome.WARN
    assert "2030, 2031" in result.detail


def test_doctor_is_content_while_both_years_have_decrees() -> None:
    assert check_production_calendar(dt.date(2026, 6, 1)).outcome is Outcome.OK
