"""The summary's numbers: the one way every view writes them (`domain.russian`), at the summary's precision
(whole numbers whole, others to one decimal), and «н/д» for a share that has none."""

from __future__ import annotations

from domain.russian import MINUS, THOUSANDS, Number, ru_number, ru_percent, ru_signed

NBSP = THOUSANDS

__all__ = ["MINUS", "NBSP", "Number", "fmt_number", "fmt_percent", "fmt_signed"]


def _digits(value: Number, decimals: int | None) -> int:
    if decimals is not None:
        return decimals
    return 0 if isinstance(value, int) or value == int(value) else 1


def fmt_number(value: Number, decimals: int | None = None) -> str:
    """`1234.5` → «1 234,5»; whole numbers stay whole unless `decimals` asks for places."""
    return ru_number(value, _digits(value, decimals))


def fmt_signed(value: Number, decimals: int | None = None) -> str:
    """A change with its sign: «+1 234», «−5», «0»."""
    return ru_signed(value, _digits(value, decimals))


def fmt_percent(share: float | None, *, signed: bool = False) -> str:
    """A share (0.798) as «79,8 %»; «н/д» when there is none."""
    return "н/д" if share is None else ru_percent(share, 1, signed=signed)
