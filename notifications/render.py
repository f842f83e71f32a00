"""Render the Russian templates (subject, plain text, HTML); StrictUndefined makes a missing value fail."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from domain.russian import ru_number
from notifications.message import Rendered, header_text

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip

TEMPLATE_NAMES = (
    "reminder", "deadline_missed", "overdue", "escalation",
    "returned", "accepted", "extended", "weekly_digest",
)  # fmt: skip


def ru_date(value: dt.date) -> str:
    """`15 марта 2024 г.`"""
    return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} г."


def ru_plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian noun form for a count: 1 день, 2 дня, 5 дней, 21 день, 11 дней."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def ru_count(n: int, one: str, few: str, many: str) -> str:
    """`3 обязательства`, `1 234 дня`."""
    return f"{ru_number(n)} {ru_plural(n, one, few, many)}"


def ru_days(n: int) -> str:
    """`1 день`, `14 дней`."""
    return ru_count(n, "день", "дня", "дней")


def ru_in_days(n: int) -> str:
    """When a deadline falls, seen from today: `сегодня`, `через 1 день`, `через 14 дней`."""
    return "сегодня" if n <= 0 else f"через {ru_days(n)}"


def short_title(title: str, limit: int = 70) -> str:
    """A measure's title cut at a word boundary for a subject line."""
    flat = " ".join(title.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:—- ") + "…"


@cache
def environment() -> Environment:
    """The one template environment (autoescape for HTML only, undefined names are errors)."""
    env = Environment(
        # by path, not by package name: a `tests/notifications` directory can shadow the package's name
        loader=FileSystemLoader(TEMPLATES_DIR),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters.update(
        ru_date=ru_date, ru_days=ru_days, ru_in_days=ru_in_days, ru_count=ru_count, short_title=short_title,
        ru_number=ru_number,
    )
    return env


def render(name: str, **context: Any) -> Rendered:
    """Render the three parts of one template family."""
    env = environment()
    subject = header_text(env.get_template(f"{name}.subject.j2").render(**context), 250)
    text = env.get_template(f"{name}.txt.j2").render(**context)
    html = env.get_template(f"{name}.html.j2").render(subject=subject, **context)
    return Rendered(subject=subject, text=text.strip() + "\n", html=html)
