"""`eci form submit`: a region's filled report form becomes submissions on its obligations of the cycle.

All or nothing: every target obligation is checked against its workflow's own rules before the form
file is stored or any update is sent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from pathlib import Path

from config.settings import Settings
from domain.actors import Actor, Role
from domain.documents import SubmittedDocument
from domain.eventing.metadata import EventMetadata, MailOrigin
from domain.moscow import moscow_date, today_in_moscow
from domain.obligation import rules as rules
from domain.obligation.id import ObligationId
from domain.obligation.plan import obligations_for_cycle
from domain.obligation.progress import ObligationProgress
from domain.obligation.requests import SubmitRequest
from domain.plan.participants import region_name
from domain.report_form.answers import FormAnswers
from domain.report_form.events import ReportFormSubmitted, form_stream
from domain.report_form.forms import report_form_for
from domain.report_form.submission import form_submissions
from eci.actions import fingerprint, precheck, principal_for, ready_client, send_update, store_files
from eci.errors import EciError
from eci.form.files import load_answers
from eci.identity.principal import Principal
from eci.identity.signing import sign_request
from workflows.obligation import ObligationWorkflow


async def submit_form(
    settings: Settings,
    actor: Actor,
    path: Path,
    *,
    expect: ObligationId | None = None,
    mail: MailOrigin | None = None,
    by: Principal | None = None,
) -> list[ObligationProgress]:
    """Submit the form's documents to each obligation of its region and cycle the form reports on.

    `expect` (the obligation a mailed reply answers) fixes the cycle and region the form must be of;
    `mail` is that reply, recorded in each submission's metadata and making each update's id.
    """
    if actor.role is Role.AUDITOR:
        raise EciError("an auditor changes nothing")
    principal = principal_for(settings, actor, by, by_mail=mail is not None)
    key = principal.key
    if expect is not None:
        answers = load_answers(path, cycle=expect.cycle, region=expect.participant)
    else:
        answers = load_answers(path)
    if actor.role is Role.REGION and actor.region != answers.region:
        raise EciError(f"{actor} may not submit the form of region {answers.region}")
    form = report_form_for(answers.cycle)
    measures = tuple(o.measure for o in obligations_for_cycle(answers.cycle, region=answers.region))
    today = today_in_moscow()
    issuer = region_name(answers.region) or answers.region
    plan = form_submissions(form, answers, measures, issuer, today)
    if not plan:
        raise EciError(
            f"the form reports on no obligation of region {answers.region} in cycle {answers.cycle}"
        )
    probe_file = fingerprint(path)
    requests = {
        ObligationId(cycle=answers.cycle, measure=m, participant=answers.region): SubmitRequest(
            actor=actor,
            documents=tuple(SubmittedDocument(details=d, file=probe_file) for d in docs),
            comment=f"форма отчёта {path.name}",
            mail=mail,
        )
        for m, docs in plan.items()
    }
    client = await ready_client(settings)
    handles = {oid: client.get_workflow_handle(oid.workflow_id) for oid in requests}

    async def check(oid: ObligationId) -> None:
        request = requests[oid]
        try:
            await precheck(handles[oid], oid, lambda t, p: rules.check_submit(t, p, request))
        except EciError as exc:
            raise EciError(f"{oid}: {exc}") from None

    await asyncio.gather(*(check(oid) for oid in requests))
    [stored] = store_files(settings, [path])

    def final(oid: ObligationId, request: SubmitRequest) -> SubmitRequest:
        documents = tuple(d.model_copy(update={"file": stored}) for d in request.documents)
        return sign_request(key, "submit", str(oid), request.model_copy(update={"documents": documents}))

    results = await asyncio.gather(
        *(
            send_update(
                handles[oid],
                oid,
                ObligationWorkflow.submit,
                final(oid, request),
                update_id=f"mail-{mail.sha256[:32]}-{oid}" if mail else None,
            )
            for oid, request in requests.items()
        )
    )
    record_form(settings, actor, answers, probe_file.sha256, principal)
    return list(results)


def record_form(
    settings: Settings, actor: Actor, answers: FormAnswers, file_sha256: str, by: Principal
) -> None:
    """Record the answers themselves (the region report reads them); the same file twice is one fact.
    The person is named; the signed submissions on the obligations are what proves it."""
    from store.event_store import EventStore
    from store.records import NewEvent

    stream = form_stream(answers.cycle, answers.region)
    now = dt.datetime.now(dt.UTC)
    event = ReportFormSubmitted(
        obligation_id=stream,
        cycle=answers.cycle,
        region=answers.region,
        filed_on=moscow_date(now),
        answers=answers,
    )
    metadata = EventMetadata.for_actor(
        actor, cause=f"form submit sha256:{file_sha256}", login=by.login, name=by.user.name
    )
    event_id = uuid.uuid5(uuid.NAMESPACE_URL, f"eci:{stream}:{file_sha256}")
    with EventStore.open(settings.effective_database_url) as store:
        store.append(stream, [NewEvent(event, event_id, metadata, now)])
