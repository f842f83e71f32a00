"""Russian formatting of dates, instants, shares and counts for the screens."""

from __future__ import annotations

import datetime as dt

from domain.moscow import MOSCOW
from domain.russian import ru_number


def fmt_date(day: dt.date | None) -> str:
    """`31.12.2023`, or a dash."""
    return day.strftime("%d.%m.%Y") if day else "—"


def fmt_moment(moment: dt.datetime | None) -> str:
    """`31.12.2023 09:00` in Moscow time, or a dash."""
    if moment is None:
        return "—"
    local = moment.astimezone(MOSCOW) if moment.tzinfo else moment
    return local.strftime("%d.%m.%Y %H:%M")


def fmt_share(share: float | None) -> str:
    """`87 %`, or a dash when there is nothing to measure."""
    return "—" if share is None else f"{share * 100:.0f} %"


def fmt_count(n: int) -> str:
    """Thousands separated by a space, as every view writes numbers («1 234»)."""
    return ru_number(n)


def parse_date(text: str) -> dt.date:
    """Read `31.12.2023` or `2023-12-31`; ValueError otherwise."""
    text = text.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no zone
        except ValueError:
            continue
    raise ValueError(f"не дата: {text!r} (ожидается ДД.ММ.ГГГГ)")


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form for a count: 1 день, 2 дня, 5 дней."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def days_text(n: int) -> str:
    """`5 дней`."""
    return f"{n} {plural(n, 'день', 'дня', 'дней')}"


def truncate(text: str, width: int) -> str:
    """Cut to `width` characters with an ellipsis."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"
