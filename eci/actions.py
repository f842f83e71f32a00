"""The coordinator's and the regions' actions, as the CLI and the TUI both perform them.

Each action checks its input and the actor's role first (nothing is written on bad input), then asks
the obligation's workflow through a Temporal update; the workflow records the event. Failures read as
one line (`EciError`); a missing server or worker is reported within seconds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from temporalio.client import Client, WorkflowHandle

from config.settings import Settings
from domain.actors import Actor, Role
from domain.documents import DocumentDetails, StoredFile, SubmittedDocument
from domain.errors import DomainError
from domain.obligation import rules as rules
from domain.obligation.cycle_opening import CycleOpened, OpenCycleRequest
from domain.obligation.id import ObligationId
from domain.obligation.plan import check_cycle
from domain.obligation.progress import ObligationProgress
from domain.obligation.requests import ExtendRequest, ReviewRequest, SignedRequest, SubmitRequest
from domain.obligation.rules import ACTIONS_RU
from domain.obligation.start import deadline_for
from domain.obligation.terms import ObligationTerms
from eci.errors import EciError, StaleAction
from eci.identity.keys import SigningKey
from eci.identity.principal import Principal, signed_in
from eci.identity.signing import sign_request
from eci.runtime.temporal_client import connect, require_worker
from eci.runtime.update_errors import translate_errors
from workflows.obligation import ObligationWorkflow

R = TypeVar("R")
S = TypeVar("S", bound=SignedRequest)


@dataclass(frozen=True)
class DocumentUpload:
    """A document to submit: its details and the file on disk."""

    details: DocumentDetails
    path: Path


def _oid(obligation: ObligationId | str) -> ObligationId:
    return obligation if isinstance(obligation, ObligationId) else ObligationId.parse(obligation)


def _forbid_auditor(actor: Actor) -> None:
    if actor.role is Role.AUDITOR:
        raise EciError("аудитор ничего не изменяет", code="auditor_changes_nothing")


def _coordinator_only(actor: Actor, action: str) -> None:
    if actor.role is not Role.COORDINATOR:
        raise EciError(
            f"только координатор может {ACTIONS_RU[action]}; {actor.label_ru} не может",
            code="coordinator_only",
        )


def _reason(reason: str | None, action: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise EciError(f"нужна причина, чтобы {ACTIONS_RU[action]}", code="reason_required")
    return text


def principal_for(
    settings: Settings, actor: Actor, by: Principal | None, *, by_mail: bool = False
) -> Principal:
    """The signed-in user (or `by`, resolved already), who must hold the actor's role."""
    principal = by or signed_in(settings)
    principal.require(actor, by_mail=by_mail)
    return principal


def stream_version(settings: Settings, oid: ObligationId) -> int:
    """The obligation's stream version as the store shows it now: what a person acting now has seen."""
    from store.event_store import EventStore

    with EventStore.open(settings.effective_database_url) as store:
        return store.stream_version(oid.stream)


# An action signed for the version read a moment ago can meet an event recorded in between (a reminder):
# read again and sign anew, a few times. One signed for a version a person saw (the TUI) is not retried.
STALE_ATTEMPTS = 3


async def send_signed(
    settings: Settings,
    handle: WorkflowHandle[Any, Any],
    oid: ObligationId,
    update: Any,
    action: str,
    key: SigningKey,
    request: S,
    seen_version: int | None = None,
    *,
    update_id: str | None = None,
    version_of: Callable[[str], int] | None = None,
) -> ObligationProgress:
    """Sign `request` for the obligation as it stands (`seen_version`, else the store's version read
    now, through `version_of` if given) and send it; StaleAction if it changed in between."""
    attempts = 1 if seen_version is not None else STALE_ATTEMPTS
    for attempt in range(attempts):
        if seen_version is not None:
            version = seen_version
        elif version_of is not None:
            version = await asyncio.to_thread(version_of, oid.stream)
        else:
            version = await asyncio.to_thread(stream_version, settings, oid)
        signed = sign_request(key, action, str(oid), request, version=version)
        # A retry is another update: the server answers a repeated update id with the first outcome.
        this_id = update_id if update_id is None or attempt == 0 else f"{update_id}~{attempt}"
        try:
            return await send_update(handle, oid, update, signed, update_id=this_id)
        except StaleAction:
            if attempt + 1 == attempts:
                raise
    raise AssertionError("unreachable")


async def ready_client(settings: Settings) -> Client:
    """A client of a server that has a worker polling our task queue; EciError otherwise."""
    client = await connect(settings)
    await require_worker(client, settings)
    return client


async def obligation_handle(settings: Settings, oid: ObligationId) -> WorkflowHandle[Any, Any]:
    """The handle of an obligation's workflow, once server and worker are known to be there."""
    client = await ready_client(settings)
    return client.get_workflow_handle(oid.workflow_id)


async def precheck(
    handle: WorkflowHandle[Any, Any],
    oid: ObligationId,
    check: Callable[[ObligationTerms, ObligationProgress], None],
) -> None:
    """Run the workflow's own rule locally first, so bad input fails before anything is stored."""
    async with translate_errors(handle, oid):
        terms, progress = await handle.query(
            ObligationWorkflow.terms_and_status, result_type=tuple[ObligationTerms, ObligationProgress]
        )
    try:
        check(terms, progress)
    except DomainError as exc:
        raise EciError(str(exc), code=exc.code) from None


async def send_update(
    handle: WorkflowHandle[Any, Any],
    oid: ObligationId,
    update: Any,
    request: Any,
    *,
    update_id: str | None = None,
) -> ObligationProgress:
    """Send one update; its rejection or a Temporal failure becomes EciError.

    With `update_id`, the same update sent again (after a crash) is the one update: the workflow's run
    answers it from its history instead of applying it twice.
    """
    async with translate_errors(handle, oid):
        result: ObligationProgress = await handle.execute_update(
            update,
            request,
            id=update_id,
            result_type=ObligationProgress,
            rpc_timeout=dt.timedelta(seconds=20),
        )
    return result


async def submit(
    settings: Settings,
    actor: Actor,
    obligation: ObligationId | str,
    documents: Sequence[DocumentUpload],
    *,
    milestone: str | None = None,
    comment: str | None = None,
    by: Principal | None = None,
    seen_version: int | None = None,
) -> ObligationProgress:
    """Submit documents for an obligation (a region its own; the coordinator on anyone's behalf)."""
    oid = _oid(obligation)
    _forbid_auditor(actor)
    principal = principal_for(settings, actor, by)
    if actor.role is Role.REGION and actor.region != oid.participant:
        raise EciError(
            f"{actor.label_ru} не может представлять документы участника {oid.participant}",
            code="not_own_participant",
        )
    if not documents:
        raise EciError("нечего представлять: укажите хотя бы один документ", code="no_documents")
    for doc in documents:
        if not doc.path.is_file():
            raise EciError(f"файла нет: {doc.path}", code="no_such_file")
    handle = await obligation_handle(settings, oid)
    # The request as the workflow will see it, with fingerprints computed before any file is stored.
    probe = SubmitRequest(
        actor=actor,
        documents=tuple(SubmittedDocument(details=d.details, file=fingerprint(d.path)) for d in documents),
        milestone=milestone,
        comment=comment,
    )
    await precheck(handle, oid, lambda t, p: rules.check_submit(t, p, probe))
    stored = tuple(
        SubmittedDocument(details=d.details, file=file)
        for d, file in zip(documents, store_files(settings, [d.path for d in documents]), strict=True)
    )
    request = probe.model_copy(update={"documents": stored})
    return await send_signed(
        settings, handle, oid, ObligationWorkflow.submit, "submit", principal.key, request, seen_version
    )


def media_type(path: Path) -> str:
    """The file's media type guessed from its name."""
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def store_files(settings: Settings, paths: Sequence[Path]) -> list[StoredFile]:
    """Store files in the event store's database (content-addressed), where every process reads them."""
    from store.document_db import DatabaseDocuments
    from store.event_store import EventStore

    with EventStore.open(settings.effective_database_url) as store:
        files = DatabaseDocuments(store.engine, settings.documents_dir)
        return [files.put(path, path.name, media_type(path)) for path in paths]


def fingerprint(path: Path) -> StoredFile:
    """The stored-file record of `path` (hash and size) without storing it."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return StoredFile(
        sha256=digest.hexdigest(), size=path.stat().st_size, media_type=media_type(path), filename=path.name
    )


async def accept(
    settings: Settings,
    actor: Actor,
    obligation: ObligationId | str,
    comment: str | None = None,
    by: Principal | None = None,
    seen_version: int | None = None,
) -> ObligationProgress:
    """The coordinator accepts the submission under review."""
    oid = _oid(obligation)
    _coordinator_only(actor, "accept")
    request = ReviewRequest(actor=actor, reason=comment)
    key = principal_for(settings, actor, by).key
    handle = await obligation_handle(settings, oid)
    return await send_signed(
        settings, handle, oid, ObligationWorkflow.accept, "accept", key, request, seen_version
    )


async def return_submission(
    settings: Settings,
    actor: Actor,
    obligation: ObligationId | str,
    reason: str,
    by: Principal | None = None,
    seen_version: int | None = None,
) -> ObligationProgress:
    """The coordinator returns the submission for rework, with a reason."""
    oid = _oid(obligation)
    _coordinator_only(actor, "return")
    request = ReviewRequest(actor=actor, reason=_reason(reason, "return"))
    key = principal_for(settings, actor, by).key
    handle = await obligation_handle(settings, oid)
    return await send_signed(
        settings, handle, oid, ObligationWorkflow.return_submission, "return", key, request, seen_version
    )


async def waive(
    settings: Settings,
    actor: Actor,
    obligation: ObligationId | str,
    reason: str,
    by: Principal | None = None,
    seen_version: int | None = None,
) -> ObligationProgress:
    """The coordinator lifts the obligation, with a reason."""
    oid = _oid(obligation)
    _coordinator_only(actor, "waive")
    request = ReviewRequest(actor=actor, reason=_reason(reason, "waive"))
    key = principal_for(settings, actor, by).key
    handle = await obligation_handle(settings, oid)
    return await send_signed(
        settings, handle, oid, ObligationWorkflow.waive, "waive", key, request, seen_version
    )


async def extend(
    settings: Settings,
    actor: Actor,
    obligation: ObligationId | str,
    due: dt.date,
    reason: str,
    by: Principal | None = None,
    seen_version: int | None = None,
) -> ObligationProgress:
    """The coordinator moves the due date (the effective date and reminders follow from the calendar)."""
    oid = _oid(obligation)
    _coordinator_only(actor, "extend")
    request = ExtendRequest(actor=actor, deadline=deadline_for(due), reason=_reason(reason, "extend"))
    key = principal_for(settings, actor, by).key
    handle = await obligation_handle(settings, oid)
    return await send_signed(
        settings, handle, oid, ObligationWorkflow.extend, "extend", key, request, seen_version
    )


async def open_cycle(
    settings: Settings, actor: Actor, cycle: int, region: str | None = None, by: Principal | None = None
) -> CycleOpened:
    """Start the workflows of every obligation of the cycle (a second run starts nothing twice)."""
    from activities.cycle import open_cycle as start_cycle

    _coordinator_only(actor, "open_cycle")
    principal_for(settings, actor, by)
    check_cycle(cycle)
    client = await ready_client(settings)
    request = OpenCycleRequest(cycle=cycle, opened_by=str(actor), participant=region)
    return await start_cycle(client, settings.temporal_task_queue, request)


async def obligation_progress(settings: Settings, obligation: ObligationId | str) -> ObligationProgress:
    """The workflow's own view of an obligation (the status query)."""
    oid = _oid(obligation)
    handle = await obligation_handle(settings, oid)
    async with translate_errors(handle, oid):
        result: ObligationProgress = await handle.query(
            ObligationWorkflow.status, result_type=ObligationProgress
        )
    return result
