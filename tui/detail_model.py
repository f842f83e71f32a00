"""An obligation's detail as plain data: measure text, dates, documents, reminders and the timeline.

Pure: a status, its measure and its recorded events in, lines of Russian text out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from domain.contacts import ROLE_LABELS_RU
from domain.documents import DOCUMENT_KIND_LABELS_RU, DocumentDetails, SubmittedDocument
from domain.obligation.states import STATE_LABELS_RU, ObligationState
from tui.format import days_text, fmt_date
from tui.source import ContactSummary, TimelineEntry

EVENT_LABELS_RU: dict[str, str] = {
    "ObligationOpened": "обязательство открыто",
    "ReminderSent": "напоминание отправлено",
    "DocumentSubmitted": "документы поданы",
    "SubmissionAccepted": "принято",
    "SubmissionReturned": "возвращено на доработку",
    "ObligationWaived": "освобождено",
    "DeadlineExtended": "срок продлён",
    "DeadlineRetimed": "срок перенесён по каталогу",
    "DeadlineMissed": "срок пропущен",
    "OverdueNoticeSent": "уведомление о просрочке",
    "Escalated": "эскалация координатору",
    "NotificationFailed": "сбой доставки уведомления",
    "ObligationClosed": "обязательство закрыто",
    "ObligationImported": "импорт: обязательство",
    "SubmissionImported": "импорт: документы поданы",
    "ReturnImported": "импорт: возвращено",
    "AcceptanceImported": "импорт: принято",
    "WaiverImported": "импорт: освобождено",
    "DeadlineMissedImported": "импорт: срок пропущен",
}

ACTOR_LABELS_RU: dict[str, str] = {
    "coordinator": "координатор",
    "system": "система",
    "auditor": "аудитор",
}


@dataclass(frozen=True)
class DocumentLine:
    """A submitted document as the detail lists it."""

    kind: str
    number: str
    date: dt.date
    issuer: str
    sha256: str | None  # None: imported from before the tracker, the file was never stored here
    filename: str | None


@dataclass(frozen=True)
class TimelineLine:
    """One event: when, who, what."""

    occurred_at: dt.datetime
    actor: str
    what: str
    details: str


def event_label(type_name: str) -> str:
    """Russian name of an event type (the type itself for unknown ones)."""
    return EVENT_LABELS_RU.get(type_name, type_name)


def actor_label(actor: str) -> str:
    """`координатор`, `регион 77`, `система`."""
    if actor.startswith("region:"):
        return f"регион {actor.removeprefix('region:')}"
    return ACTOR_LABELS_RU.get(actor, actor)


def document_line(doc: SubmittedDocument | DocumentDetails) -> DocumentLine:
    """Details and fingerprint of one document (imported ones have details only)."""
    d = doc.details if isinstance(doc, SubmittedDocument) else doc
    file = doc.file if isinstance(doc, SubmittedDocument) else None
    return DocumentLine(
        DOCUMENT_KIND_LABELS_RU.get(d.kind, str(d.kind)),
        d.number,
        d.date,
        d.issuer,
        file.sha256 if file else None,
        file.filename if file else None,
    )


def _details(doc: SubmittedDocument | DocumentDetails) -> DocumentDetails:
    return doc.details if isinstance(doc, SubmittedDocument) else doc


def event_details(event: Any) -> str:
    """A one-line summary of an event's payload: reason, new date, documents, days."""
    parts: list[str] = []
    documents = getattr(event, "documents", None)
    if documents:
        details = [_details(d) for d in documents]
        parts.append(
            "; ".join(
                f"{DOCUMENT_KIND_LABELS_RU.get(d.kind, d.kind)} № {d.number} от {fmt_date(d.date)}"
                for d in details
            )
        )
    if isinstance(getattr(event, "days_before", None), int):
        parts.append(f"за {days_text(event.days_before)} до срока")
    if isinstance(getattr(event, "days_overdue", None), int):
        parts.append(f"просрочка {days_text(event.days_overdue)}")
    if getattr(event, "type", "") == "DeadlineRetimed":
        parts.append(f"прежний срок {fmt_date(event.previous_due)}")
    if getattr(event, "type", "") in ("DeadlineExtended", "DeadlineRetimed"):
        parts.append(f"новый срок {fmt_date(event.due)} (фактически {fmt_date(event.effective_due)})")
    final = getattr(event, "final_state", None)
    if isinstance(final, ObligationState):
        parts.append(STATE_LABELS_RU[final])
    for name, label in (("reason", "причина"), ("comment", "комментарий"), ("milestone", "этап")):
        value = getattr(event, name, None)
        if isinstance(value, str) and value:
            parts.append(f"{label}: {value}")
    return " · ".join(parts)


def timeline_lines(entries: Sequence[TimelineEntry]) -> list[TimelineLine]:
    """The obligation's events in recording order, described in Russian."""
    return [
        TimelineLine(e.occurred_at, actor_label(e.actor), event_label(e.type), event_details(e.event))
        for e in entries
    ]


def submitted_documents(entries: Sequence[TimelineEntry]) -> list[DocumentLine]:
    """Every document submitted, in order, from the submission events."""
    return [document_line(doc) for e in entries for doc in (getattr(e.event, "documents", None) or ())]


def reminders(entries: Sequence[TimelineEntry]) -> list[tuple[dt.datetime, int | None]]:
    """(sent at, days before due) of each reminder."""
    sent = (e for e in entries if e.type == "ReminderSent")
    return [(e.occurred_at, getattr(e.event, "days_before", None)) for e in sent]


NO_CONTACT_TEXT = "нет контакта — уведомления направляются координатору"


def contact_line(contacts: Mapping[str, ContactSummary] | None, participant: str) -> tuple[str, str] | None:
    """(text, style) of the detail's contact line: the count and roles only; None while unknown."""
    if contacts is None:
        return None
    found = contacts.get(participant)
    if found is None or not found.count:
        return NO_CONTACT_TEXT, "bold yellow"
    roles = ", ".join(dict.fromkeys(ROLE_LABELS_RU[r] for r in found.roles))
    return f"{found.count} ({roles})", ""
