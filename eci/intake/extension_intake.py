"""Extension requests by mail: a reply with «Причина: …» and «Новый срок: …» and no document waits in
the coordinator's queue; the coordinator grants it (the workflow's `extend`, signed by the coordinator,
as `eci extend` does) or declines it with a reason that is mailed back to the official."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.actors import Actor, Role
from domain.errors import DomainError
from domain.intake.details import DetailsError
from domain.intake.events import (
    IntakeExtensionDeclined,
    IntakeExtensionGranted,
    IntakeExtensionRequested,
    QuarantineReason,
    intake_stream,
)
from domain.intake.extension import check_until
from domain.intake.record import IntakeOutcome, MailRecord
from domain.obligation.id import ObligationId
from domain.obligation.states import STATE_LABELS_RU
from eci.actions import obligation_handle, principal_for
from eci.errors import EciError
from eci.identity.principal import Principal
from eci.intake.incoming import IncomingMail
from eci.intake.receipts import ReceiptView, send_receipt
from eci.intake.refusal import RefusedMail
from eci.intake.submission import terms_and_status
from store.errors import ConcurrencyConflict

if TYPE_CHECKING:
    from eci.intake.decide import ExtensionPlan
    from eci.intake.port import IntakePort as Intake


async def record_extension_request(intake: Intake, mail: IncomingMail, plan: ExtensionPlan) -> None:
    """Queue the request if the obligation can still be extended and the date is later; RefusedMail else."""
    oid = plan.obligation
    handle = await obligation_handle(intake.settings, oid)
    _, progress = await terms_and_status(handle, oid)
    if progress.state.is_final:
        raise RefusedMail(
            QuarantineReason.NOT_ACCEPTING,
            f"Обязательство {oid} уже {STATE_LABELS_RU[progress.state]}: перенос срока не нужен.",
        )
    try:
        check_until(plan.ask, progress.deadline.due, intake.today())
    except DetailsError as exc:
        raise RefusedMail(QuarantineReason.BAD_DETAILS, str(exc)) from None
    event = IntakeExtensionRequested(
        obligation_id=intake_stream(mail.sha256), obligation=str(oid), until=plan.ask.until,
        reason=plan.ask.reason,
    )  # fmt: skip
    intake.ledger.record(mail.sha256, "outcome", event)


def _request(intake: Intake, short_id: str) -> MailRecord:
    record = intake.ledger.find(short_id)
    if record is None:
        raise EciError(
            f"письма {short_id} нет (укажите не меньше 8 шестнадцатеричных цифр его номера)",
            code="no_such_message",
        )
    if record.outcome is not IntakeOutcome.EXTENSION_REQUESTED:
        state = f"«{record.outcome.value}»" if record.outcome else "ещё обрабатывается"
        raise EciError(
            f"письмо {record.short_id} — не просьба о продлении, ждущая решения (состояние: {state})",
            code="not_a_pending_request",
        )
    return record


def _coordinator(actor: Actor) -> None:
    if actor.role is not Role.COORDINATOR:
        raise EciError(
            f"решение по просьбе о продлении принимает только координатор, а не {actor.label_ru}",
            code="coordinator_only",
        )


async def grant(intake: Intake, actor: Actor, short_id: str, by: Principal | None = None) -> MailRecord:
    """Move the obligation's due date as the official asked, through the workflow, signed by the
    coordinator; the official gets the workflow's own «срок продлён» notice."""
    from eci import actions

    _coordinator(actor)
    principal = principal_for(intake.settings, actor, by)
    record = _request(intake, short_id)
    assert record.obligation is not None
    assert record.extension_until is not None
    reason = f"по просьбе участника (письмо {record.short_id}): {record.reason or ''}".strip()[:2000]
    try:
        await actions.extend(
            intake.settings, actor, ObligationId.parse(record.obligation), record.extension_until, reason,
            by=principal,
        )  # fmt: skip
    except DomainError as exc:
        raise EciError(str(exc), code=exc.code) from None
    event = IntakeExtensionGranted(
        obligation_id=intake_stream(record.sha256), obligation=record.obligation, until=record.extension_until
    )
    intake.ledger.record(record.sha256, "decision", event, actor, principal.user)
    return intake.ledger.get(record.sha256) or record


async def decline(
    intake: Intake, actor: Actor, short_id: str, reason: str, by: Principal | None = None
) -> MailRecord:
    """Decline the request with a reason, recorded and mailed to the official."""
    _coordinator(actor)
    principal = principal_for(intake.settings, actor, by)
    text = " ".join(reason.split())
    if not text:
        raise EciError("чтобы отклонить просьбу о продлении, укажите причину", code="reason_required")
    record = _request(intake, short_id)
    event = IntakeExtensionDeclined(obligation_id=intake_stream(record.sha256), reason=text[:2000])
    try:
        intake.ledger.record(
            record.sha256, "decision", event, actor, principal.user, expected_version=record.version
        )
    except ConcurrencyConflict:
        raise EciError(
            f"письмо {record.short_id} тем временем изменилось: посмотрите его ещё раз", code="stale"
        ) from None
    subject, date = intake.replies.quote(record.sha256)
    view = ReceiptView(
        accepted=False, message_id=record.message_id, short_id=record.short_id, obligation=record.obligation,
        subject=subject, date=date, declined=text[:2000],
    )  # fmt: skip
    await send_receipt(intake.mail, record.sha256, record.sender, view, step="declined")
    return intake.ledger.get(record.sha256) or record
