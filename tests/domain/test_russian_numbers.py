"""Numbers and dates as every view writes them for people: «1 234,5» (a non-breaking space between
thousands, so a number never breaks across lines), ДД.ММ.ГГГГ."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from domain.russian import ru_date, ru_number, ru_percent, ru_signed


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234.5, "1\u00a0234,5"),
        (Decimal("1234.50"), "1\u00a0234,5"),
        (1234, "1\u00a0234"),
        (1_000_000, "1\u00a0000\u00a0000"),
        (Decimal("12"), "12"),
        (Decimal("100"), "100"),
        (0, "0"),
        (0.25, "0,25"),
    ],
)
def test_a_space_between_thousands_and_a_decimal_comma(value: int | float | Decimal, text: str) -> None:
    assert ru_number(value) == text


def test_fixed_digits_signs_and_shares() -> None:
    assert ru_number(2.0, 1) == "2,0"
    assert ru_signed(5) == "+5"
    assert ru_signed(-1234.5) == "−1\u00a0234,5"
    assert ru_percent(0.798) == "79,8\u00a0%"
    assert ru_number(-5) == "−5"
    assert ru_date(dt.date(2026, 4, 15)) == "15.04.2026"


def test_a_yes_no_is_not_a_number() -> None:
    with pytest.raises(TypeError):
        ru_number(True)
