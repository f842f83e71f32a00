"""A verified reply's documents into the obligation's workflow: the same update and checks as `eci submit`.

The sender's region is the actor (`region:CODE`). Whether the obligation takes a submission now is the
workflow's own rule, asked first so that a refusal reaches the sender in Russian; the workflow checks it
again when the update arrives.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from config.settings import Settings
from domain.actors import Actor
from domain.documents import StoredFile, SubmittedDocument
from domain.errors import DomainError
from domain.eventing.metadata import MailOrigin
from domain.intake.events import QuarantineReason
from domain.obligation import rules as rules
from domain.obligation.events import DocumentSubmitted
from domain.obligation.id import ObligationId
from domain.obligation.plan import obligations_for_cycle
from domain.obligation.progress import ObligationProgress
from domain.obligation.requests import SubmitRequest
from domain.obligation.states import STATE_LABELS_RU, ObligationState
from domain.obligation.terms import ObligationTerms
from domain.report_form.filing import FormFiling
from eci.actions import obligation_handle, send_signed
from eci.errors import EciError
from eci.identity.principal import Principal
from eci.intake.incoming import Attachment, RefusedMail
from eci.runtime.update_errors import translate_errors
from store.event_store import EventStore
from workflows.obligation import ObligationWorkflow

REPLY_COMMENT = "представлено ответом на письмо"


def update_id(sha256: str, oid: ObligationId) -> str:
    """The update id of a message's submission to one obligation: a redo is the same update."""
    return f"mail-{sha256[:32]}-{oid}"


def _submitted_by(store: EventStore, oid: ObligationId, sha256: str) -> tuple[StoredFile, ...] | None:
    for recorded in store.read_stream(oid.workflow_id):
        mail = recorded.metadata.mail
        if isinstance(recorded.event, DocumentSubmitted) and mail is not None and mail.sha256 == sha256:
            return tuple(d.file for d in recorded.event.documents)
    return None


def already_submitted(
    store: EventStore, oid: ObligationId, sha256: str, *, form: bool
) -> tuple[tuple[str, ...], tuple[StoredFile, ...]] | None:
    """The obligations (and files) this message was already submitted to, if a crash hid the outcome."""
    targets = [oid]
    if form:
        targets = [o.id for o in obligations_for_cycle(oid.cycle, region=oid.participant)]
    found = {str(t): files for t in targets if (files := _submitted_by(store, t, sha256)) is not None}
    if not found:
        return None
    files = next(iter(found.values()))
    return tuple(found), (files[:1] if form else files)


async def terms_and_status(handle: Any, oid: ObligationId) -> tuple[ObligationTerms, ObligationProgress]:
    """The workflow's terms and state; RefusedMail if the obligation has no running workflow (closed,
    or its cycle never opened), EciError (exit 3) if Temporal or the worker is away."""
    try:
        async with translate_errors(handle, oid):
            found: tuple[ObligationTerms, ObligationProgress] = await handle.query(
                ObligationWorkflow.terms_and_status, result_type=tuple[ObligationTerms, ObligationProgress]
            )
    except EciError as exc:
        if exc.exit_code == 3:
            raise
        raise RefusedMail(
            QuarantineReason.NOT_ACCEPTING, f"Обязательство {oid} сейчас не принимает документы."
        ) from None
    return found


def refusal_ru(terms: ObligationTerms, progress: ObligationProgress, exc: DomainError) -> str:
    """Why the obligation takes no submission now, as its sender reads it."""
    state = progress.state
    if state in (ObligationState.ACCEPTED, ObligationState.WAIVED):
        return f"Обязательство {terms.obligation_id} уже {STATE_LABELS_RU[state]}: документы не принимаются."
    labels = ", ".join(m.label for m in terms.milestones)
    if labels and exc.code in ("stage_required", "unknown_stage"):
        return f"Мероприятие исполняется по этапам, а этап не указан (этапы: {labels}); впишите «Этап: …»."
    if exc.code == "too_many_documents":
        return f"К письму приложено больше {rules.MAX_DOCUMENTS_PER_SUBMISSION} документов."
    if state is ObligationState.SUBMITTED:
        return f"Документы по обязательству {terms.obligation_id} уже на проверке у координатора."
    return f"Обязательство {terms.obligation_id} сейчас не принимает документы ({STATE_LABELS_RU[state]})."


async def submit_documents(
    settings: Settings,
    oid: ObligationId,
    documents: tuple[SubmittedDocument, ...],
    milestone: str | None,
    mail: MailOrigin,
    by: Principal,
    store: EventStore | None = None,
) -> ObligationProgress:
    """Submit through the workflow, signed by the intake; RefusedMail if the obligation takes none now.

    The signature names the obligation's version as `store` (the intake's own, else one opened) has it."""
    handle = await obligation_handle(settings, oid)
    request = SubmitRequest(
        actor=Actor.parse(f"region:{oid.participant}"),
        documents=documents,
        milestone=milestone,
        comment=REPLY_COMMENT,
        mail=mail,
    )
    terms, progress = await terms_and_status(handle, oid)
    try:
        rules.check_submit(terms, progress, request)
    except DomainError as exc:
        raise RefusedMail(QuarantineReason.NOT_ACCEPTING, refusal_ru(terms, progress, exc)) from None
    try:
        # Signed when sent: a redo after a crash signs afresh, and its update id keeps it one update.
        return await send_signed(
            settings, handle, oid, ObligationWorkflow.submit, "submit", by.key, request,
            update_id=update_id(mail.sha256, oid), version_of=store.stream_version if store else None,
        )  # fmt: skip
    except EciError as exc:
        if exc.exit_code == 3:  # no server or worker: the message waits for the next attempt
            raise
        # The workflow refused what its state allowed a moment ago (a decision came in between).
        raise RefusedMail(
            QuarantineReason.NOT_ACCEPTING, f"Обязательство {oid} сейчас не принимает документы."
        ) from None


def form_problem_ru(path: Path, oid: ObligationId, exc: EciError) -> str:
    """Why the attached form was not taken, in Russian (the checker's own lines are for the CLI)."""
    name = path.name
    # The short summary where the checker has one; else its own (Russian) line, without the scratch path.
    why = exc.ru or str(exc).replace(f"{path}: ", "").replace(str(path), name)
    return f"Форма отчёта {name} не принята: {why.rstrip('.')}."[:480]


async def submit_form_file(
    settings: Settings, oid: ObligationId, form: Attachment, mail: MailOrigin, by: Principal
) -> FormFiling:
    """File an attached report form as `eci form submit` does: recorded whole, each section passed to its
    obligation as its state allows; RefusedMail naming the first problem of a form failing its checks."""
    from eci.form.submit import submit_form

    with tempfile.TemporaryDirectory(prefix="eci-intake-") as scratch:
        path = Path(scratch) / form.filename
        path.write_bytes(form.data)
        try:
            return await submit_form(
                settings, Actor.parse(f"region:{oid.participant}"), path, expect=oid, mail=mail, by=by
            )
        except EciError as exc:
            if exc.exit_code == 3:  # no server or worker: not the form's fault, try again later
                raise
            raise RefusedMail(QuarantineReason.BAD_FORM, form_problem_ru(path, oid, exc)) from None
