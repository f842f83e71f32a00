"""The values the templates show, built from the plan's catalog and the regions (never from free dicts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.documents import DOCUMENT_KIND_LABELS_RU, DocumentKind
from domain.errors import DomainError
from domain.obligation.id import ObligationId
from domain.obligation.lateness import days_late
from domain.obligation.notices import NoticeKind, NoticeRequest
from domain.plan.catalog import Measure, get_measure
from domain.plan.dates import cycle_dates
from domain.plan.regions import get_region, is_region_code


@dataclass(frozen=True)
class MeasureView:
    """A measure as a message names it."""

    number: int
    section: str
    title: str
    deadline_text: str
    documents: tuple[str, ...]
    document_kinds: tuple[str, ...]
    expected_result: str


@dataclass(frozen=True)
class ParticipantView:
    """A region (by code and name) or a federal body (by short and full name)."""

    code: str
    is_region: bool
    kind_label: str
    label: str
    short_label: str
    district: str | None


@dataclass(frozen=True)
class NoticeContext:
    """Everything one obligation notice shows."""

    kind: NoticeKind
    obligation_id: str
    cycle: int
    measure: MeasureView
    participant: ParticipantView
    due: dt.date
    effective_due: dt.date
    moved: bool
    overdue: bool
    days: int
    reason: str | None
    submit_command: str
    form_command: str | None
    kind_codes: tuple[str, ...]
    coordinator_email: str
    # Russian words for the measure's document kinds, as a reply's «Вид документа» takes them
    kind_words: tuple[str, ...] = ()
    # Replies go to the intake (a reply token in Reply-To), not to the coordinator's own mailbox.
    reply_by_mail: bool = False
    # How the dates were read: the implementation deadline, and whether the plan states the report date
    # (None: the date is not the catalog's, e.g. an extension, so no reading applies).
    implementation_note: str | None = None
    due_basis: str | None = None


def measure_view(measure: Measure) -> MeasureView:
    """The catalog's measure, flattened for templates."""
    kinds = tuple(dict.fromkeys(d.kind.value for d in measure.documents))
    return MeasureView(
        number=measure.number,
        section=measure.section.value,
        title=" ".join(measure.title.split()),
        deadline_text=measure.deadline_text,
        documents=tuple(" ".join(d.text.split()) for d in measure.documents) or ("не указаны в плане",),
        document_kinds=kinds or ("other",),
        expected_result=" ".join(measure.expected_result.split()),
    )


def participant_view(participant: str, measure: Measure | None = None) -> ParticipantView:
    """A region code or a federal body's short name, with the names the plan and regions list give it."""
    if is_region_code(participant):
        region = get_region(participant)
        return ParticipantView(
            code=region.code,
            is_region=True,
            kind_label="Субъект Российской Федерации",
            label=f"{region.name} (код {region.code})",
            short_label=region.name,
            district=region.federal_district.name_ru,
        )
    full = next((e.name for e in (measure.executors if measure else ()) if e.short_name == participant), None)
    return ParticipantView(
        code=participant,
        is_region=False,
        kind_label="Ответственный исполнитель",
        label=full or participant,
        short_label=participant,
        district=None,
    )


def submit_command(obligation_id: str, participant: ParticipantView) -> str:
    """The `eci submit` line a participant types, with placeholders for the document's details."""
    who = f" --as region:{participant.code}" if participant.is_region else ""
    quoted = f'"{obligation_id}"' if " " in obligation_id else obligation_id
    return (
        f"eci submit {quoted}{who} --file <файл> --kind <вид> --number <номер> "
        f'--date <ГГГГ-ММ-ДД> --issuer "<орган, принявший документ>"'
    )


def form_command(cycle: int, participant: ParticipantView) -> str | None:
    """The `eci form submit` line for a region's filled report form (federal bodies have no form)."""
    return f"eci form submit форма-{cycle}-{participant.code}.yaml" if participant.is_region else None


# Notices past the deadline say how late the obligation is on the day they are sent (one count everywhere).
_LATE_KINDS = (NoticeKind.DEADLINE_MISSED, NoticeKind.OVERDUE, NoticeKind.ESCALATION)


def notice_days(request: NoticeRequest, today: dt.date) -> int:
    """The day count a notice shows: days left before the deadline, or days late on the day it is sent.

    Days late run from the effective due date to `today` (`domain.obligation.lateness`), whatever count
    the workflow's step carried. A reminder never claims more days than the calendar leaves: a drill, whose
    "days" are minutes, has its deadline today, and its reminders read «сегодня». Without a count, the
    dates give it.
    """
    if request.kind in _LATE_KINDS and request.effective_due is not None:
        return days_late(request.effective_due, today)
    left = (request.effective_due - today).days if request.effective_due else 0
    if request.days is None:
        return max(0, left)
    if request.kind is NoticeKind.REMINDER and 0 <= left < request.days:
        return left
    return request.days


def notice_context(
    request: NoticeRequest, coordinator_email: str, today: dt.date, *, reply_by_mail: bool = False
) -> NoticeContext:
    """Everything the templates need for one notice; DomainError if the obligation is not in the plan."""
    oid = ObligationId.parse(request.obligation_id)
    measure = get_measure(oid.measure)
    if request.due is None or request.effective_due is None:
        raise DomainError(f"в уведомлении «{request.step}» по {oid} не указан срок", "notice_without_due")
    participant = participant_view(oid.participant, measure)
    view = measure_view(measure)
    dates = cycle_dates(measure, oid.cycle)
    due_basis = None
    if dates is not None and dates.report == request.due:
        due_basis = dates.report_note_ru.removeprefix("срок представления — ")
    return NoticeContext(
        kind=request.kind,
        obligation_id=str(oid),
        cycle=oid.cycle,
        measure=view,
        participant=participant,
        due=request.due,
        effective_due=request.effective_due,
        moved=request.effective_due != request.due,
        overdue=today > request.effective_due,
        days=notice_days(request, today),
        reason=request.reason,
        submit_command=submit_command(str(oid), participant),
        form_command=form_command(oid.cycle, participant),
        kind_codes=view.document_kinds,
        coordinator_email=coordinator_email,
        kind_words=tuple(DOCUMENT_KIND_LABELS_RU.get(DocumentKind(k), k) for k in view.document_kinds),
        reply_by_mail=reply_by_mail,
        implementation_note=dates.implementation_note_ru if dates is not None else None,
        due_basis=due_basis,
    )
