"""How numbers and dates are written for people: «1 234,5» and ДД.ММ.ГГГГ, one way in every view.

Reports (the cycle, region and summary reports), the form's checks, receipts, the TUI and the mail all
write a number through `ru_number`: a non-breaking space between thousands (a number never breaks across
lines), a decimal comma, a minus sign «−»; no trailing zeros unless digits are asked for. Machines (JSON,
CSV) keep their own plain forms.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

THOUSANDS = "\u00a0"
MINUS = "\u2212"

Number = int | float | Decimal


def ru_number(value: Number, digits: int | None = None) -> str:
    """`1234.5` → «1 234,5»; `digits` fixes the decimals (`ru_number(0.5, 1)` → «0,5»)."""
    if isinstance(value, bool):
        raise TypeError("a yes/no is not a number")
    magnitude: Number = -value if value < 0 else value
    if digits is not None:
        text = f"{magnitude:,.{digits}f}"
    elif isinstance(magnitude, int):
        text = f"{magnitude:,}"
    else:
        number = Decimal(str(magnitude)) if isinstance(magnitude, float) else magnitude
        text = f"{number.normalize():,f}" if number == number.to_integral_value() else f"{number:,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    text = text.replace(",", THOUSANDS).replace(".", ",")
    negative = value < 0 and text.strip("0," + THOUSANDS)
    return (MINUS if negative else "") + text


def ru_signed(value: Number, digits: int | None = None) -> str:
    """«+5», «−3», «0»: a change, with its sign."""
    text = ru_number(value, digits)
    return f"+{text}" if value > 0 else text


def ru_percent(share: float, digits: int = 1, *, signed: bool = False) -> str:
    """`0.798` → «79,8 %» (`signed`: «+12,5 %»)."""
    value = share * 100
    text = ru_signed(value, digits) if signed else ru_number(value, digits)
    return f"{text}{THOUSANDS}%"


def ru_date(value: dt.date) -> str:
    """`2026-04-15` → «15.04.2026»."""
    return f"{value:%d.%m.%Y}"
