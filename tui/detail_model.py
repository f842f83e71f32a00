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
from domain.errors import DomainError
from domain.moscow import MOSCOW
from domain.obligation.implementation import implemented_late
from domain.obligation.lateness import days_late
from domain.obligation.states import STATE_LABELS_RU, ObligationState
from domain.plan.catalog import get_measure
from domain.plan.dates import CycleDates, cycle_dates, report_when_ru
from reports.bundle_problems import EVENT_NAMES
from tui.format import days_text, fmt_date
from tui.source import ContactSummary, TimelineEntry

# One Russian name per event type, the same the audit bundle's verifier uses (a standalone module).
EVENT_LABELS_RU: dict[str, str] = EVENT_NAMES

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


def event_details(event: Any, late: int | None = None) -> str:
    """A one-line summary of an event's payload: reason, new date, documents, days.

    `late`: days past the effective due date on the day of the event (for notices after the deadline),
    counted as every view counts them; without it the event's own count is shown."""
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
    if late is not None:
        parts.append(f"просрочка {days_text(late)}")
    elif isinstance(getattr(event, "days_overdue", None), int):
        parts.append(f"просрочка {days_text(event.days_overdue)}")
    if getattr(event, "type", "") == "DeadlineRetimed":
        parts.append(f"прежний срок {fmt_date(event.previous_due)}")
    if getattr(event, "type", "") in ("DeadlineExtended", "DeadlineRetimed"):
        parts.append(f"новый срок {fmt_date(event.due)} (фактически {fmt_date(event.effective_due)})")
    final = getattr(event, "final_state", None)
    if isinstance(final, ObligationState):
        parts.append(STATE_LABELS_RU[final])
    if getattr(event, "type", "") == "AnswerRevised":
        parts.append(f"версия формы {event.form_version}")
        parts.append(f"решение «{STATE_LABELS_RU[event.decision]}» сохраняется")
    for name, label in (("reason", "причина"), ("comment", "комментарий"), ("milestone", "этап")):
        value = getattr(event, name, None)
        if isinstance(value, str) and value:
            parts.append(f"{label}: {value}")
    return " · ".join(parts)


def timeline_lines(entries: Sequence[TimelineEntry]) -> list[TimelineLine]:
    """The obligation's events in recording order, described in Russian; a notice past the deadline
    says how late the obligation was that day, against the deadline standing then."""
    lines: list[TimelineLine] = []
    effective: dt.date | None = None
    for e in entries:
        effective = getattr(e.event, "effective_due", None) or effective
        late = None
        if effective is not None and isinstance(getattr(e.event, "days_overdue", None), int):
            late = days_late(effective, local_day(e.occurred_at))
        what = event_label(e.type)
        lines.append(TimelineLine(e.occurred_at, actor_label(e.actor), what, event_details(e.event, late)))
    return lines


def local_day(moment: dt.datetime) -> dt.date:
    """The Moscow date of an instant (deadlines are Moscow dates)."""
    return moment.astimezone(MOSCOW).date() if moment.tzinfo else moment.date()


def submitted_documents(entries: Sequence[TimelineEntry]) -> list[DocumentLine]:
    """Every document submitted, in order, from the submission events."""
    return [document_line(doc) for e in entries for doc in (getattr(e.event, "documents", None) or ())]


def reminders(entries: Sequence[TimelineEntry]) -> list[tuple[dt.datetime, int | None]]:
    """(sent at, days before due) of each reminder."""
    sent = (e for e in entries if e.type == "ReminderSent")
    return [(e.occurred_at, getattr(e.event, "days_before", None)) for e in sent]


def dates_text(status: Any) -> list[tuple[str, str]]:
    """The obligation's two dates, each with how it was read («как в пп. 4–5 Плана»): (text, style)."""
    parts: list[tuple[str, str]] = []
    dates = cycle_dates_of(status.measure, status.cycle)
    if dates is not None:
        parts.append((f"\nСрок реализации: {fmt_date(dates.implementation)}", ""))
        if not dates.implementation_stated:
            parts.append((" («ежегодно» прочитано как «в течение отчётного года»)", "dim"))
        else:
            parts.append((" (по Плану)", "dim"))
    # «Срок» is the report date: what reminders, the missed mark and escalations follow.
    parts.append((f"\nСрок: {fmt_date(status.due)}", ""))
    if dates is not None and dates.report == status.due:
        when = report_when_ru(dates.report_stated, (dates.report.month, dates.report.day))
        parts.append((f" — срок представления документов: {when}", "dim"))
    else:
        parts.append((" — срок представления документов", "dim"))
    parts.append((f" · фактический срок: {fmt_date(status.effective_due)}", ""))
    return parts


def cycle_dates_of(measure: int, cycle: int) -> CycleDates | None:
    """The measure's dates in the cycle, None outside the plan (test cycles, an unknown measure)."""
    try:
        return cycle_dates(get_measure(measure), cycle)
    except DomainError:
        return None


def late_implementation(status: Any) -> bool:
    """A standing submission whose proving documents are all dated after the implementation deadline."""
    if status.state not in (ObligationState.SUBMITTED, ObligationState.ACCEPTED):
        return False
    documents = [_details(d) for d in getattr(status, "documents", ()) or ()]
    return implemented_late(documents, cycle_dates_of(status.measure, status.cycle))


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
