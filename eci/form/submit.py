"""`eci form submit`: a region files its annual form, when it is ready and again when it corrects it.

The form is checked first; a form that fails its checks is refused whole, with nothing written. A form
that passes is recorded whole as the next version on `form/CYCLE/REGION`, then each section the region
owes goes to its obligation as that obligation's state allows (`domain.report_form.filing`): submitted
for review, replacing the version under review, or recorded beside a decision that stands. The result
says, section by section, what became of each; one section's trouble never undoes the others.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from temporalio.client import Client, WorkflowHandle

from config.settings import Settings
from domain.actors import Actor, Role
from domain.documents import DocumentDetails, StoredFile, SubmittedDocument
from domain.errors import DomainError
from domain.eventing.metadata import EventMetadata, MailOrigin
from domain.moscow import moscow_date, today_in_moscow
from domain.obligation import rules as rules
from domain.obligation.events import AnswerRevised
from domain.obligation.id import ObligationId
from domain.obligation.plan import obligations_for_cycle
from domain.obligation.progress import ObligationProgress
from domain.obligation.requests import SubmitRequest
from domain.obligation.states import ObligationState
from domain.obligation.terms import ObligationTerms
from domain.plan.catalog import get_measure
from domain.plan.participants import region_name
from domain.report_form.answers import FormAnswers
from domain.report_form.events import ReportFormSubmitted, form_stream
from domain.report_form.filing import (
    FilingStep,
    FormFiling,
    ItemOutcome,
    ItemResult,
    filing_step,
    outcome_of,
)
from domain.report_form.forms import report_form_for
from domain.report_form.submission import form_submissions
from eci.actions import principal_for, ready_client, send_signed, store_files
from eci.errors import EciError
from eci.form.files import load_answers
from eci.identity.principal import Principal
from eci.runtime.update_errors import translate_errors
from workflows.obligation import ObligationWorkflow


async def submit_form(
    settings: Settings,
    actor: Actor,
    path: Path,
    *,
    expect: ObligationId | None = None,
    mail: MailOrigin | None = None,
    by: Principal | None = None,
) -> FormFiling:
    """File the form at `path`: record it whole, then pass each owed section to its obligation.

    `expect` (the obligation a mailed reply answers) fixes the cycle and region the form must be of;
    `mail` is that reply, recorded in each submission's metadata and making each update's id.
    """
    if actor.role is Role.AUDITOR:
        raise EciError("аудитор ничего не изменяет", code="auditor_changes_nothing")
    principal = principal_for(settings, actor, by, by_mail=mail is not None)
    if expect is not None:
        answers = load_answers(path, cycle=expect.cycle, region=expect.participant)
    else:
        answers = load_answers(path)
    if actor.role is Role.REGION and actor.region != answers.region:
        raise EciError(
            f"{actor.label_ru} не может представить форму субъекта {answers.region}", code="not_own_region"
        )
    client = await ready_client(settings)  # no server or worker: nothing is written
    [stored] = store_files(settings, [path])
    version = record_form(settings, actor, answers, stored.sha256, principal, mail)
    filing = _Filing(settings, client, actor, principal, answers, stored, version, path.name, mail)
    items = await filing.run()
    return FormFiling(answers.cycle, answers.region, version, stored.sha256, path.name, items)


class _Filing:
    """One form's sections on their way to the obligations."""

    def __init__(
        self,
        settings: Settings,
        client: Client,
        actor: Actor,
        principal: Principal,
        answers: FormAnswers,
        stored: StoredFile,
        version: int,
        filename: str,
        mail: MailOrigin | None,
    ) -> None:
        self.settings, self.client, self.actor, self.principal = settings, client, actor, principal
        self.answers, self.stored, self.version, self.filename, self.mail = (
            answers, stored, version, filename, mail,
        )  # fmt: skip
        self.form = report_form_for(answers.cycle)
        owed = {o.measure for o in obligations_for_cycle(answers.cycle, region=answers.region)}
        issuer = region_name(answers.region) or answers.region
        filed_on = today_in_moscow()
        self.documents = form_submissions(self.form, answers, tuple(sorted(owed)), issuer, filed_on)

    async def run(self) -> tuple[ItemResult, ...]:
        return tuple(await asyncio.gather(*(self._section(m) for m in self.form.measures)))

    def _items(self, measure: int) -> tuple[str, ...]:
        return tuple(i.number for i in self.form.items_for_measure(measure))

    async def _section(self, measure: int) -> ItemResult:
        items = self._items(measure)
        details = self.documents.get(measure)
        if details is None:
            owed_ever = get_measure(measure).is_regional
            outcome = ItemOutcome.NOT_OWED_THIS_CYCLE if owed_ever else ItemOutcome.ANSWERED_IN_FORM
            return ItemResult(measure, items, None, outcome)
        oid = ObligationId(cycle=self.answers.cycle, measure=measure, participant=self.answers.region)
        try:
            return await self._pass_on(oid, items, details)
        except (EciError, DomainError) as exc:
            if isinstance(exc, EciError) and exc.exit_code == 3:
                raise  # no server or worker: not this section's trouble, the whole filing is retried
            return ItemResult(measure, items, str(oid), ItemOutcome.FAILED, detail=str(exc))

    async def _pass_on(
        self, oid: ObligationId, items: tuple[str, ...], details: tuple[DocumentDetails, ...]
    ) -> ItemResult:
        documents = tuple(SubmittedDocument(details=d, file=self.stored) for d in details)
        handle = self.client.get_workflow_handle(oid.workflow_id)
        progress = await _progress(handle, oid)
        if progress is None:
            closed, files = _closed_state(self.settings, oid)
            if closed is None:
                return ItemResult(oid.measure, items, str(oid), ItemOutcome.NOT_OPEN)
            if self.stored.sha256 in files:
                return ItemResult(oid.measure, items, str(oid), ItemOutcome.UNCHANGED, closed)
            self._record_beside(oid, documents, closed)
            outcome = outcome_of(FilingStep.RECORD_BESIDE, closed)
            return ItemResult(oid.measure, items, str(oid), outcome, closed)
        if self.stored.sha256 in {d.file.sha256 for d in progress.documents}:
            return ItemResult(oid.measure, items, str(oid), ItemOutcome.UNCHANGED, progress.state)
        step = filing_step(progress.state)
        if step is FilingStep.RECORD_BESIDE:
            self._record_beside(oid, documents, progress.state)
            return ItemResult(oid.measure, items, str(oid), outcome_of(step, progress.state), progress.state)
        replaces = step is FilingStep.REPLACE_REVIEW
        request = SubmitRequest(
            actor=self.actor,
            documents=documents,
            comment=self._comment(replaces),
            mail=self.mail,
            replaces_review=replaces,
        )
        terms = await _terms(handle, oid)
        rules.check_submit(terms, progress, request)
        # Signed for the obligation's version as the store has it now (read again if it moves on).
        after = await send_signed(
            self.settings, handle, oid, ObligationWorkflow.submit, "submit", self.principal.key, request,
            update_id=self._update_id(oid),
        )  # fmt: skip
        return ItemResult(oid.measure, items, str(oid), outcome_of(step, progress.state), after.state)

    def _comment(self, replaces: bool) -> str:
        text = f"форма отчёта {self.filename}, версия {self.version}"
        return text + ("; заменяет версию на проверке" if replaces else "")

    def _update_id(self, oid: ObligationId) -> str:
        # The same form (or mailed reply) sent again is the same update: never a second submission.
        if self.mail is not None:
            return f"mail-{self.mail.sha256[:32]}-{oid}"
        return f"form-{self.stored.sha256[:32]}-{oid}"

    def _record_beside(
        self, oid: ObligationId, documents: tuple[SubmittedDocument, ...], decision: ObligationState
    ) -> None:
        """The newer answer beside a decision that stands, on the obligation's own stream."""
        from store.event_store import EventStore
        from store.records import NewEvent

        event = AnswerRevised(
            obligation_id=str(oid), form_version=self.version, documents=documents, decision=decision
        )
        metadata = EventMetadata.for_actor(
            self.actor,
            cause=f"form submit sha256:{self.stored.sha256}",
            mail=self.mail,
            login=self.principal.login,
            name=self.principal.user.name,
        )
        event_id = uuid.uuid5(uuid.NAMESPACE_URL, f"eci:{oid.stream}:revised:{self.stored.sha256}")
        sealer = self.principal.sealer()  # sealed by the person filing the form
        with EventStore.open(self.settings.effective_database_url, sealer=sealer) as store:
            store.append(oid.stream, [NewEvent(event, event_id, metadata, dt.datetime.now(dt.UTC))])


async def _progress(handle: WorkflowHandle[Any, Any], oid: ObligationId) -> ObligationProgress | None:
    """The running workflow's progress; None when it has ended or never started."""
    from temporalio.client import WorkflowExecutionStatus
    from temporalio.service import RPCError

    try:
        described = await handle.describe()
    except RPCError:
        return None
    if described.status is not WorkflowExecutionStatus.RUNNING:
        return None
    async with translate_errors(handle, oid):
        progress: ObligationProgress = await handle.query(
            ObligationWorkflow.status, result_type=ObligationProgress
        )
    return progress


async def _terms(handle: WorkflowHandle[Any, Any], oid: ObligationId) -> ObligationTerms:
    async with translate_errors(handle, oid):
        terms: ObligationTerms = await handle.query(ObligationWorkflow.terms, result_type=ObligationTerms)
    return terms


def _closed_state(settings: Settings, oid: ObligationId) -> tuple[ObligationState | None, frozenset[str]]:
    """The final state the store holds for an obligation without a running workflow (None if it has
    none), with the hashes of the files submitted to it."""
    from store.event_store import EventStore
    from store.projections import get_status

    with EventStore.open(settings.effective_database_url) as store:
        status = get_status(store, oid)
    if status is None or not status.state.is_final:
        return None, frozenset()
    return status.state, frozenset(d.file.sha256 for d in status.documents)


def record_form(
    settings: Settings,
    actor: Actor,
    answers: FormAnswers,
    file_sha256: str,
    by: Principal,
    mail: MailOrigin | None = None,
) -> int:
    """Record the answers themselves (the region report reads them) and return the form's version:
    the n-th distinct form of the region's cycle is version n, and the same file twice is one fact."""
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
        actor, cause=f"form submit sha256:{file_sha256}", mail=mail, login=by.login, name=by.user.name
    )
    event_id = uuid.uuid5(uuid.NAMESPACE_URL, f"eci:{stream}:{file_sha256}")
    with EventStore.open(settings.effective_database_url, sealer=by.sealer()) as store:
        [recorded] = store.append(stream, [NewEvent(event, event_id, metadata, now)])
    return recorded.version
