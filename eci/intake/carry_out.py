"""What the intake does with a reply it decided to take: documents and report forms go to the obligations'
workflows (the same updates as `eci submit` and `eci form submit`), an extension request waits for the
coordinator; and, for a refused reply, the obligation it was about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.documents import SubmittedDocument
from domain.eventing.metadata import MailOrigin
from domain.intake.events import FormSectionNote, IntakeMailSubmitted, QuarantineReason, intake_stream
from domain.intake.token import read_token, token_of
from eci.intake.decide import DocumentsPlan, ExtensionPlan, FormPlan, Plan
from eci.intake.extension_intake import record_extension_request
from eci.intake.incoming import IncomingMail, RefusedMail
from eci.intake.submission import already_submitted, submit_documents, submit_form_file

if TYPE_CHECKING:
    from eci.intake.port import IntakePort as Intake


async def carry_out(intake: Intake, mail: IncomingMail, plan: Plan) -> None:
    """Submit what the reply brought, or record its extension request, and record the outcome; a
    submission already recorded with this message's hash counts as done (a redo never submits twice)."""
    if isinstance(plan, ExtensionPlan):
        await record_extension_request(intake, mail, plan)
        return
    origin = MailOrigin(sender=mail.sender, message_id=mail.message_id, sha256=mail.sha256)
    oid = plan.obligation
    found = already_submitted(intake.store, oid, mail.sha256, form=isinstance(plan, FormPlan))
    if found is not None:
        obligations, files = found
        form = isinstance(plan, FormPlan)
    elif isinstance(plan, DocumentsPlan):
        files = tuple(intake.files.put(a.data, a.filename, a.kind.media_type) for a in plan.files)
        documents = tuple(SubmittedDocument(details=plan.details.details, file=f) for f in files)
        await submit_documents(
            intake.settings, oid, documents, plan.details.milestone, origin, intake.principal(), intake.store
        )
        obligations, form = (str(oid),), False
    else:
        stored = intake.files.put(plan.form.data, plan.form.filename, plan.form.kind.media_type)
        filing = await submit_form_file(intake.settings, oid, plan.form, origin, intake.principal())
        sections = tuple(
            FormSectionNote(
                measure=i.measure, obligation=i.obligation, code=i.outcome.value, message=i.message[:500]
            )
            for i in filing.items
        )
        event = IntakeMailSubmitted(
            obligation_id=intake_stream(mail.sha256), obligations=filing.obligations, files=(stored,),
            form=True, form_version=filing.version, sections=sections,
        )  # fmt: skip
        intake.ledger.record(mail.sha256, "outcome", event)
        return
    event = IntakeMailSubmitted(
        obligation_id=intake_stream(mail.sha256), obligations=obligations, files=files, form=form
    )
    intake.ledger.record(mail.sha256, "outcome", event)


def refused_obligation(refused: RefusedMail, mail: IncomingMail, intake: Intake) -> str | None:
    """The obligation a refused reply was about, where its token verified (for the coordinator's view)."""
    if refused.code in (
        QuarantineReason.NO_TOKEN,
        QuarantineReason.BAD_TOKEN,
        QuarantineReason.UNKNOWN_SENDER,
    ):
        return None
    for address in mail.recipients:
        token = token_of(address, intake.address)
        if token:
            try:
                return str(read_token(token, mail.sender, intake.keys.accepted))
            except ValueError:
                return None
    return None
