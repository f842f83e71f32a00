"""How numbers and dates are written for people: «1 234,5» and ДД.ММ.ГГГГ, one way in every view.

Reports, the form's checks and receipts, the TUI and the mail all write a number through `ru_number`: a
space between thousands, a decimal comma, no trailing zeros unless digits are asked for. Machines
(JSON, CSV) keep their own plain forms.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

THOUSANDS = " "


def ru_number(value: int | float | Decimal, digits: int | None = None) -> str:
    """`1234.5` → «1 234,5»; `digits` fixes the decimals (`ru_number(0.5, 1)` → «0,5»)."""
    if isinstance(value, bool):
        raise TypeError("a yes/no is not a number")
    if digits is not None:
        text = f"{value:,.{digits}f}"
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        number = Decimal(str(value)) if isinstance(value, float) else value
        text = f"{number.normalize():,f}" if number == number.to_integral_value() else f"{number:,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace(",", THOUSANDS).replace(".", ",")


def ru_signed(value: int | float | Decimal, digits: int | None = None) -> str:
    """«+5», «−3», «0»: a change, with its sign."""
    magnitude: int | float | Decimal = -value if value < 0 else value
    text = ru_number(magnitude, digits)
    if value > 0:
        return "+" + text
    if value < 0:
        return "−" + text
    return text


def ru_percent(share: float, digits: int = 1) -> str:
    """`0.798` → «79,8 %»."""
    return f"{ru_number(share * 100, digits)} %"


def ru_date(value: dt.date) -> str:
    """`2026-04-15` → «15.04.2026»."""
    return f"{value:%d.%m.%Y}"
