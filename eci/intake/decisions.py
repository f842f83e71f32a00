"""A coordinator's decisions on held mail: release it to an obligation, or drop it with a reason.

Both work on every message no attempt is running on at that moment: quarantined ones, duplicates, and
ones still without an outcome whose last attempt ended or died (a message being processed now is
refused: try again in a minute). The decision is appended only if the message's stream is still at
the version the coordinator's command read, so it cannot cross an attempt that began meanwhile.
Both are recorded on the message's stream with the coordinator as actor. A release submits the
message's attachments through the obligation's workflow, as the coordinator acting on the region's
behalf, with the reply recorded in the submission's metadata.
"""

from __future__ import annotations

import datetime as dt

from domain.actors import Actor, Role
from domain.documents import DocumentDetails, SubmittedDocument
from domain.eventing.base import DomainEvent
from domain.eventing.metadata import MailOrigin
from domain.intake.details import DetailsError, parse_details
from domain.intake.events import IntakeMailDropped, IntakeMailReleased, QuarantineReason, intake_stream
from domain.intake.record import IntakeOutcome, MailRecord
from domain.obligation.id import ObligationId
from domain.obligation.requests import SubmitRequest
from eci.actions import obligation_handle, precheck, principal_for, send_signed
from eci.errors import EciError
from eci.identity.principal import Principal
from eci.intake.incoming import IncomingMail, RefusedMail
from eci.intake.pipeline import Intake
from eci.intake.submission import update_id
from store.errors import ConcurrencyConflict
from workflows.obligation import ObligationWorkflow


def _open_record(intake: Intake, short_id: str) -> MailRecord:
    record = intake.ledger.find(short_id)
    if record is None:
        raise EciError(
            f"Письма {short_id} нет в журнале приёма.",
            code="no_such_message",
            ru=f"Письма {short_id} нет в журнале приёма.",
        )
    now = dt.datetime.now(dt.UTC)
    if record.outcome is None and record.busy(now, intake.settings.intake_attempt_seconds):
        raise EciError(
            f"Письмо {record.short_id} сейчас обрабатывается: повторите через минуту.",
            code="message_busy",
            ru=f"Письмо {record.short_id} сейчас обрабатывается: повторите через минуту.",
        )
    if record.outcome is not None and not record.open:
        raise EciError(
            f"Письмо {record.short_id} уже не ждёт решения.",
            code="not_quarantined",
            ru=f"Письмо {record.short_id} уже не ждёт решения.",
        )
    return record


def _coordinator(actor: Actor, action: str) -> None:
    if actor.role is not Role.COORDINATOR:
        raise EciError(
            "Решать судьбу писем из карантина может только координатор.",
            code="coordinator_only",
            ru="Решать судьбу писем из карантина может только координатор.",
        )


def _decide(
    intake: Intake, record: MailRecord, event: DomainEvent, actor: Actor, principal: Principal
) -> None:
    try:
        intake.ledger.record(
            record.sha256, "decision", event, actor, principal.user, expected_version=record.version
        )
    except ConcurrencyConflict:
        raise EciError(
            f"Письмо {record.short_id} тем временем изменилось: посмотрите ещё раз.",
            code="message_changed",
            ru=f"Письмо {record.short_id} тем временем изменилось: посмотрите ещё раз.",
        ) from None


async def _readable(intake: Intake, record: MailRecord) -> IncomingMail:
    raw = intake.files.read(record.sha256)
    if record.code is QuarantineReason.PROCESSING_FAILED:
        intake.use_parser_processes(1)  # the message broke the parser before: read it where it can only fail
    parsed = await intake.parse(raw, ())
    if isinstance(parsed, IncomingMail):
        return parsed
    why = parsed.reason if isinstance(parsed, RefusedMail) else "разбор письма не завершился"
    raise EciError(
        f"Письмо {record.short_id} не читается ({why.rstrip('.')}): его можно только закрыть.",
        code="unreadable_message",
        ru=f"Письмо {record.short_id} не читается ({why.rstrip('.')}): его можно только закрыть.",
    )


async def release(
    intake: Intake,
    actor: Actor,
    short_id: str,
    *,
    obligation: str | None = None,
    details: DocumentDetails | None = None,
    milestone: str | None = None,
    by: Principal | None = None,
) -> MailRecord:
    """Submit a held message's attachments to its (or the given) obligation."""
    _coordinator(actor, "release")
    principal = principal_for(intake.settings, actor, by)
    record = _open_record(intake, short_id)
    if record.outcome is IntakeOutcome.EXTENSION_REQUESTED:
        raise EciError(
            f"Письмо {record.short_id} — просьба о переносе срока: согласуйте или отклоните её.",
            code="extension_request",
            ru=f"Письмо {record.short_id} — просьба о переносе срока: согласуйте или отклоните её.",
        )
    target = obligation or record.obligation
    if target is None:
        raise EciError(
            f"Письмо {record.short_id} не называет обязательство: укажите его.",
            code="no_obligation",
            ru=f"Письмо {record.short_id} не называет обязательство: укажите его.",
        )
    try:
        oid = ObligationId.parse(target)
    except ValueError:
        raise EciError(
            f"Нет такого обязательства: «{target}».",
            code="bad_obligation_id",
            ru=f"Нет такого обязательства: «{target}».",
        ) from None
    mail = await _readable(intake, record)
    if not mail.attachments:
        raise EciError(
            f"В письме {record.short_id} нет вложений: передавать нечего.",
            code="no_attachment",
            ru=f"В письме {record.short_id} нет вложений: передавать нечего.",
        )
    if details is None:
        try:
            found = parse_details(mail.text)
        except DetailsError as exc:
            raise EciError(
                f"Реквизиты в письме не читаются ({str(exc).rstrip('.')}): укажите их.",
                code="bad_details",
                ru=f"Реквизиты в письме не читаются ({str(exc).rstrip('.')}): укажите их.",
            ) from None
        details, milestone = found.details, milestone or found.milestone
    files = tuple(intake.files.put(a.data, a.filename, a.kind.media_type) for a in mail.attachments)
    request = SubmitRequest(
        actor=actor,
        documents=tuple(SubmittedDocument(details=details, file=f) for f in files),
        milestone=milestone,
        comment=f"письмо {record.short_id} из карантина",
        mail=MailOrigin(sender=mail.sender, message_id=mail.message_id, sha256=record.sha256),
    )
    from domain.obligation import rules as rules

    try:
        handle = await obligation_handle(intake.settings, oid)
        await precheck(handle, oid, lambda t, p: rules.check_submit(t, p, request))
        await send_signed(
            intake.settings, handle, oid, ObligationWorkflow.submit, "submit", principal.key, request,
            update_id=update_id(record.sha256, oid), version_of=intake.store.stream_version,
        )  # fmt: skip
    except EciError as exc:
        ru = (
            "Сервер процессов недоступен: повторите позже."
            if exc.exit_code == 3
            else f"Обязательство {oid} сейчас не принимает документы."
        )
        raise EciError(str(exc), exc.exit_code, code=exc.code, ru=ru) from None
    event = IntakeMailReleased(obligation_id=intake_stream(record.sha256), obligation=str(oid), files=files)
    _decide(intake, record, event, actor, principal)
    return intake.ledger.get(record.sha256) or record


def drop(intake: Intake, actor: Actor, short_id: str, reason: str, by: Principal | None = None) -> MailRecord:
    """Close a held message with the coordinator's reason."""
    _coordinator(actor, "drop")
    principal = principal_for(intake.settings, actor, by)
    text = reason.strip()
    if not text:
        raise EciError("нужна причина, чтобы закрыть письмо", code="reason_required", ru="Укажите причину.")
    record = _open_record(intake, short_id)
    event = IntakeMailDropped(obligation_id=intake_stream(record.sha256), reason=text)
    _decide(intake, record, event, actor, principal)
    return intake.ledger.get(record.sha256) or record
