"""Numbers as a Russian reader expects them: «1 234,5» (a non-breaking space between thousands, a decimal
comma), «79,8 %», signed changes «+12» and «−3»."""

from __future__ import annotations

from decimal import Decimal

NBSP = "\u00a0"
MINUS = "\u2212"

Number = int | float | Decimal


def fmt_number(value: Number, decimals: int | None = None) -> str:
    """`1234.5` → «1 234,5»; whole numbers stay whole unless `decimals` asks for places."""
    if decimals is None:
        decimals = 0 if _is_whole(value) else 1
    text = f"{abs(value):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return (MINUS if value < 0 and text.strip("0,\u00a0") else "") + text


def fmt_signed(value: Number, decimals: int | None = None) -> str:
    """A change with its sign: «+1 234», «−5», «0»."""
    text = fmt_number(value, decimals)
    return f"+{text}" if value > 0 else text


def fmt_percent(share: float | None, *, signed: bool = False) -> str:
    """A share (0.798) as «79,8 %»; «н/д» when there is none."""
    if share is None:
        return "н/д"
    text = fmt_signed(share * 100, 1) if signed else fmt_number(share * 100, 1)
    return f"{text}{NBSP}%"


def _is_whole(value: Number) -> bool:
    if isinstance(value, int):
        return True
    return value == int(value)
