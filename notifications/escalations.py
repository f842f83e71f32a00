"""Escalation digests: queued escalations (and notices nobody could receive) grouped per participant.

One message per participant and run lists everything that needs the coordinator's attention there, so an
expired deadline across 89 regions yields at most 89 digests, not thousands of single messages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from domain.obligation.id import ObligationId
from domain.obligation.lateness import days_late
from domain.obligation.notices import NoticeKind, NoticeRequest
from domain.plan.catalog import get_measure
from notifications.context import MeasureView, ParticipantView, measure_view, participant_view
from notifications.outbox import OutboxEntry
from notifications.render import ru_date, ru_days

KIND_LABELS_RU: dict[NoticeKind, str] = {
    NoticeKind.REMINDER: "напоминание о сроке",
    NoticeKind.DEADLINE_MISSED: "уведомление об истечении срока",
    NoticeKind.OVERDUE: "уведомление о просрочке",
    NoticeKind.ESCALATION: "эскалация",
    NoticeKind.RETURNED: "уведомление о возврате на доработку",
    NoticeKind.ACCEPTED: "уведомление о принятии документов",
    NoticeKind.EXTENDED: "уведомление о продлении срока",
    NoticeKind.WEEKLY_DIGEST: "еженедельная сводка",
}


@dataclass(frozen=True)
class EscalationItem:
    """One line of a digest."""

    obligation_id: str
    cycle: int
    measure: MeasureView
    due: dt.date
    effective_due: dt.date
    moved: bool
    cause: str
    no_contact: bool


@dataclass(frozen=True)
class EscalationDigest:
    """A participant's digest for the coordinator."""

    participant: ParticipantView
    items: tuple[EscalationItem, ...]
    generated_on: dt.date
    without_contact: bool
    status_command: str


def _cause(request: NoticeRequest, no_contact: bool, today: dt.date) -> str:
    if no_contact:
        return f"нет адреса электронной почты участника: не доставлено ({KIND_LABELS_RU[request.kind]})"
    if request.effective_due is None:
        return "просрочено"
    late = days_late(request.effective_due, today)
    since = f" (срок истёк {ru_date(request.effective_due)})"
    return f"просрочено на {ru_days(late)}{since}" if late else f"просрочено{since}"


def escalation_item(entry: OutboxEntry, today: dt.date) -> EscalationItem:
    """The digest line of one queued outbox row, as of the day the digest is sent."""
    if entry.request is None:
        raise ValueError(f"queued row {entry.message_id} has no request to describe")
    request = NoticeRequest.model_validate_json(entry.request)
    oid = ObligationId.parse(request.obligation_id)
    due = request.due or request.effective_due
    effective = request.effective_due or request.due
    if due is None or effective is None:
        raise ValueError(f"queued row {entry.message_id} names no due date")
    no_contact = request.kind is not NoticeKind.ESCALATION
    return EscalationItem(
        obligation_id=str(oid),
        cycle=oid.cycle,
        measure=measure_view(get_measure(oid.measure)),
        due=due,
        effective_due=effective,
        moved=due != effective,
        cause=_cause(request, no_contact, today),
        no_contact=no_contact,
    )


def escalation_digest(participant: str, entries: Sequence[OutboxEntry], today: dt.date) -> EscalationDigest:
    """The digest of one participant's queued rows, in obligation order."""
    items = tuple(
        sorted((escalation_item(e, today) for e in entries), key=lambda i: (i.obligation_id, i.cause))
    )
    first_measure = get_measure(items[0].measure.number) if items else None
    view = participant_view(participant, first_measure)
    option = f"--region {view.code}" if view.is_region else "--state overdue"
    return EscalationDigest(
        participant=view,
        items=items,
        generated_on=today,
        without_contact=any(i.no_contact for i in items),
        status_command=f"eci status {option}".strip(),
    )


def digest_step(members: Sequence[str]) -> str:
    """A stable step name for a digest of these rows: the same rows always make the same message."""
    return "digest-" + hashlib.sha256("\n".join(sorted(members)).encode()).hexdigest()[:16]


def digest_stream(participant: str) -> str:
    """The pseudo obligation id a participant's digests are filed under."""
    return f"escalation/{participant}"
