"""Reading a report-form answer as people read it: yes/no, document details, counts with their dynamics.

Answers arrive as the JSON the report-form submission carries, keyed by item number (tables by their
key). The shapes differ by item kind, so values are described structurally rather than by a fixed model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain.documents import DOCUMENT_KIND_LABELS_RU, DocumentKind
from domain.report_form.schema import FormItem
from domain.russian import ru_number, ru_signed

NO_ANSWER = "— нет ответа —"
_YES = {"yes", "да", "true"}
_NO = {"no", "нет", "false"}


@dataclass(frozen=True)
class Dynamics:
    """One count in the reporting year against the year before, as the form asks."""

    label: str
    current: int | float
    previous: int | float

    @property
    def change(self) -> int | float:
        """Absolute change over the previous year."""
        return self.current - self.previous

    @property
    def percent(self) -> float | None:
        """Relative change in percent; None when the previous year had nothing."""
        return None if self.previous == 0 else (self.current - self.previous) * 100 / self.previous

    def describe(self, current_year: int, previous_year: int) -> str:
        """`дети: 2023 — 15, 2022 — 10, динамика +5 (+50,0 %)`."""
        pct = "н/д" if self.percent is None else f"{ru_signed(self.percent, 1)} %"
        head = f"{self.label}: " if self.label else ""
        return (
            f"{head}{current_year} — {_num(self.current)}, {previous_year} — {_num(self.previous)}, "
            f"изменение {_signed(self.change)} ({pct})"
        )


def _num(value: int | float | Decimal) -> str:
    return ru_number(value)


def _signed(value: int | float) -> str:
    return ru_signed(value)


def is_document(value: Mapping[str, Any]) -> bool:
    """Document details: at least a number and a date."""
    return "number" in value and "date" in value


def describe_document(value: Mapping[str, Any]) -> str:
    """`приказ № 12 от 01.03.2023, Минздрав региона — «Название»`."""
    kind = value.get("kind")
    try:
        kind_text = DOCUMENT_KIND_LABELS_RU[DocumentKind(kind)] if kind else "документ"
    except ValueError:
        kind_text = str(kind)
    date = value.get("date")
    try:
        date_text = f"{dt.date.fromisoformat(str(date)):%d.%m.%Y}"
    except ValueError:
        date_text = str(date)
    text = f"{kind_text} № {value.get('number')} от {date_text}"
    if value.get("issuer"):
        text += f", {value['issuer']}"
    if value.get("title"):
        text += f" — «{value['title']}»"
    return text


def describe(value: Any, labels: Mapping[str, str]) -> list[str]:
    """Readable lines for any answer value; `labels` names parts and choices by their keys."""
    if value is None or value == "" or value == [] or value == {}:
        return [NO_ANSWER]
    if isinstance(value, bool):
        return ["Да" if value else "Нет"]
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _YES:
            return ["Да"]
        if low in _NO:
            return ["Нет"]
        return [labels.get(value, value)]
    if isinstance(value, int | float | Decimal):
        return [_num(value)]
    if isinstance(value, Mapping):
        if is_document(value):
            return [describe_document(value)]
        lines: list[str] = []
        for key, sub in value.items():
            inner = describe(sub, labels)
            label = labels.get(str(key), _KEY_LABELS.get(str(key), str(key)))
            lines.append(f"{label}: {'; '.join(inner)}")
        return lines
    if isinstance(value, Sequence):
        return [line for element in value for line in describe(element, labels)]
    return [str(value)]


_KEY_LABELS = {
    "answer": "Ответ",
    "document": "Документ",
    "documents": "Документы",
    "detail": "Уточнение",
    "text": "Ответ",
    "comment": "Комментарий",
}


def item_labels(item: FormItem) -> dict[str, str]:
    """Labels of an item's parts and choices by key."""
    return {p.key: p.label for p in (*item.parts, *item.choices)}


def year_pairs(
    value: Any, years: tuple[int, ...], labels: Mapping[str, str], label: str = ""
) -> list[Dynamics]:
    """Every (reporting year, previous year) pair of numbers found in a counts answer."""
    if len(years) < 2 or not isinstance(value, Mapping):
        return []
    current, previous = (_year_value(value, y) for y in years[:2])
    if current is not None and previous is not None:
        return [Dynamics(label, current, previous)]
    found: list[Dynamics] = []
    for key, sub in value.items():
        found.extend(year_pairs(sub, years, labels, labels.get(str(key), str(key))))
    return found


def _year_value(value: Mapping[str, Any], year: int) -> int | float | None:
    raw = value.get(str(year), value.get(year))  # type: ignore[call-overload]
    return raw if isinstance(raw, int | float) and not isinstance(raw, bool) else None
