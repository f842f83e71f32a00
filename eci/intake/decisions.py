"""A coordinator's decisions on quarantined mail: release it to an obligation, or drop it with a reason.

Both are recorded on the message's stream with the coordinator as actor. A release submits the
message's attachments through the obligation's workflow, as the coordinator acting on the region's
behalf, with the reply recorded in the submission's metadata.
"""

from __future__ import annotations

from domain.actors import Actor, Role
from domain.documents import DocumentDetails, SubmittedDocument
from domain.eventing.metadata import MailOrigin
from domain.intake.details import DetailsError, parse_details
from domain.intake.events import IntakeMailDropped, IntakeMailReleased, intake_stream
from domain.intake.record import MailRecord
from domain.obligation.id import ObligationId
from domain.obligation.requests import SubmitRequest
from eci.actions import obligation_handle, precheck, principal_for, send_update
from eci.errors import EciError
from eci.identity.principal import Principal
from eci.identity.signing import sign_request
from eci.intake.incoming import RefusedMail, parse_incoming
from eci.intake.pipeline import Intake
from eci.intake.submission import update_id
from workflows.obligation import ObligationWorkflow


def _open_record(intake: Intake, short_id: str) -> MailRecord:
    record = intake.ledger.find(short_id)
    if record is None:
        raise EciError(f"no quarantined message {short_id!r} (give 8 or more hex digits of its id)")
    if not record.open:
        raise EciError(
            f"message {record.short_id} is {record.outcome.value if record.outcome else 'pending'}"
        )
    return record


def _coordinator(actor: Actor, action: str) -> None:
    if actor.role is not Role.COORDINATOR:
        raise EciError(f"only the coordinator may {action} quarantined mail; {actor} may not")


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
    """Submit a quarantined message's attachments to its (or the given) obligation."""
    _coordinator(actor, "release")
    principal = principal_for(intake.settings, actor, by)
    record = _open_record(intake, short_id)
    target = obligation or record.obligation
    if target is None:
        raise EciError(f"message {record.short_id} names no obligation: give --obligation")
    oid = ObligationId.parse(target)
    raw = intake.files.read(record.sha256)
    try:
        mail = parse_incoming(raw, (), max_bytes=intake.settings.intake_max_bytes)
    except RefusedMail as exc:
        raise EciError(f"message {record.short_id} cannot be read ({exc.reason}): drop it instead") from None
    if not mail.attachments:
        raise EciError(f"message {record.short_id} has no attachment to submit")
    if details is None:
        try:
            found = parse_details(mail.text)
        except DetailsError as exc:
            raise EciError(
                f"the message's details do not read ({exc}): give --kind, --number, --date, --issuer"
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
    handle = await obligation_handle(intake.settings, oid)
    await precheck(handle, oid, lambda t, p: rules.check_submit(t, p, request))
    signed = sign_request(principal.key, "submit", str(oid), request)
    await send_update(handle, oid, ObligationWorkflow.submit, signed, update_id=update_id(record.sha256, oid))
    event = IntakeMailReleased(obligation_id=intake_stream(record.sha256), obligation=str(oid), files=files)
    intake.ledger.record(record.sha256, "decision", event, actor, principal.user)
    return intake.ledger.get(record.sha256) or record


def drop(intake: Intake, actor: Actor, short_id: str, reason: str, by: Principal | None = None) -> MailRecord:
    """Close a quarantined message with the coordinator's reason."""
    _coordinator(actor, "drop")
    principal = principal_for(intake.settings, actor, by)
    text = reason.strip()
    if not text:
        raise EciError("a reason is required to drop a message")
    record = _open_record(intake, short_id)
    intake.ledger.record(
        record.sha256,
        "decision",
        IntakeMailDropped(obligation_id=intake_stream(record.sha256), reason=text),
        actor,
        principal.user,
    )
    return intake.ledger.get(record.sha256) or record
