"""A reply to an overdue notice asking for more time: the reason and the new date the official wrote.

The overdue notices quote two lines for it:

    Причина: …
    Новый срок: ДД.ММ.ГГГГ

Read like the details block (anywhere in the text, quoted or not, the last filled value wins). A reply
with a filled «Новый срок» and no document is an extension request for the coordinator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.intake.details import DetailsError, fields_of, read_date

LABELS: dict[str, str] = {"причина": "reason", "новый срок": "until"}
MAX_REASON = 1000


@dataclass(frozen=True)
class ExtensionAsk:
    """The new due date asked for, and why."""

    until: dt.date
    reason: str


def parse_extension(text: str) -> ExtensionAsk | None:
    """The request in a reply's text; None if «Новый срок» is not filled; DetailsError if it is
    filled badly or the reason is missing."""
    found = fields_of(text, LABELS)
    if "until" not in found:
        return None
    until = read_date(found["until"], "Новый срок")
    reason = " ".join(found.get("reason", "").split())
    if not reason:
        raise DetailsError("Не указана причина переноса срока (строка «Причина: …»).")
    return ExtensionAsk(until=until, reason=reason[:MAX_REASON])


def check_until(ask: ExtensionAsk, current_due: dt.date, today: dt.date) -> None:
    """The new date must be later than today and than the current due date (DetailsError otherwise)."""
    if ask.until <= today or ask.until <= current_due:
        later = max(today, current_due)
        raise DetailsError(f"Новый срок {ask.until:%d.%m.%Y} должен быть позже {later:%d.%m.%Y}.")
