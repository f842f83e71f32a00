"""The obligation workflow's side effects: recording events and sending notices, through activities."""

from __future__ import annotations

import datetime as dt

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

from workflows.names import CHECK_SIGNER_ACTIVITY, NOTICE_ACTIVITY, RECORD_ACTIVITY, SIGNER_REFUSED

with workflow.unsafe.imports_passed_through():
    from domain.actors import Actor
    from domain.errors import DomainError
    from domain.eventing.base import DomainEvent
    from domain.eventing.metadata import EventMetadata, MailOrigin, SignatureRecord
    from domain.eventing.record_request import RecordRequest
    from domain.identity.signer import Signer, SignerCheck
    from domain.obligation import rules as rules
    from domain.obligation.events import ObligationOpened
    from domain.obligation.notices import NoticeKind, NoticeRequest, NoticeResult
    from domain.obligation.progress import ObligationProgress
    from domain.obligation.replay_guard import STALE_VERSION, SeenActions
    from domain.obligation.requests import SignedRequest
    from domain.obligation.terms import ObligationTerms
    from workflows.revision import takes
    from workflows.signature_check import check_signature, refused

# Histories recorded before this patch ran the recording step as a regular activity.
LOCAL_RECORD_PATCH = "record-as-local-activity"
# Histories recorded before this patch took updates unsigned, with no signer check between.
SIGNED_UPDATES_PATCH = "signed-updates"
# Histories recorded before this patch checked the signer in a local activity of its own, before the
# recording step; since, the recording step checks it as it appends (one local activity, not two: the
# second one cost about a fifth of the worker's CPU per update).
SIGNER_ON_RECORD_PATCH = "signer-checked-on-record"
_SIGNER_RETRY = RetryPolicy(initial_interval=dt.timedelta(milliseconds=200), maximum_attempts=5)


class Signed:
    """A signed action: who signed (`check`), the signature the event keeps, the signer as the separate
    check confirmed them (None when the recording step is to check them), and the stream version the
    signer saw (the event is written at that version or not at all; None on requests recorded before)."""

    def __init__(
        self,
        action: str,
        check: SignerCheck,
        signature: SignatureRecord,
        signer: Signer | None = None,
        version: int | None = None,
    ) -> None:
        self.action = action
        self.check = check
        self.signature = signature
        self.signer = signer
        self.version = version


_RECORD_RETRY = RetryPolicy(
    initial_interval=dt.timedelta(milliseconds=200), maximum_interval=dt.timedelta(seconds=30)
)
# Bounded: a deferring mail server delays the obligation's next timed step (never an update) for at most
# about a minute; a message still pending after that stays in the mail side's outbox for a later flush.
_NOTICE_RETRY = RetryPolicy(maximum_interval=dt.timedelta(seconds=30), maximum_attempts=5)


class ObligationSteps:
    """Recording and notices for `ObligationWorkflow` (runs inside the workflow, deterministic)."""

    _terms: ObligationTerms
    _progress: ObligationProgress
    _notices: list[NoticeRequest]

    _verified: dict[str, SignatureRecord]
    _actions: SeenActions

    def _check_signed(self, action: str, request: SignedRequest) -> SignatureRecord:
        """The validator's part: the signature covers this request and names an action id not taken yet
        and the version its signer saw (pure, deterministic). The record is kept for the update's
        handler, which runs in the same activation right after the validator."""
        record = check_signature(action, self._terms.obligation_id, request, workflow.now())
        assert request.signature is not None
        self._actions.check(refused(action), request.signature.action_id)
        update = workflow.current_update_info()
        if update is not None:
            self._verified[update.id] = record
        return record

    def _verified_signature(self, action: str, request: SignedRequest) -> SignatureRecord:
        """The record the validator made for this update; checked again where no validator ran (replay
        runs handlers only). The same pure check either way, so replay issues the same commands."""
        update = workflow.current_update_info()
        record = self._verified.pop(update.id, None) if update is not None else None
        # Requests recorded before action ids existed replay here without one.
        now = workflow.now()
        return record or check_signature(action, self._terms.obligation_id, request, now, current=False)

    async def _signer(self, action: str, request: SignedRequest) -> Signed | None:
        """After the validator: the action id is taken (once), and the key is registered to a login
        holding the role (an activity, whose answer the history keeps). None on histories recorded
        before updates were signed."""
        if not takes(self._terms.revision, SIGNED_UPDATES_PATCH):
            return None
        signature = self._verified_signature(action, request)
        assert request.signature is not None
        # Under the update lock: of two copies of one request that both passed their validators, the
        # second is refused here.
        self._actions.take(refused(action), request.signature.action_id, signature.signed_at, workflow.now())
        version = request.signature.version
        check = SignerCheck(
            login=request.signature.login,
            key_id=signature.key_id,
            actor=str(request.actor),
            signed_at=signature.signed_at.isoformat(),
            by_mail=getattr(request, "mail", None) is not None,
        )
        if takes(self._terms.revision, SIGNER_ON_RECORD_PATCH):
            return Signed(action, check, signature, version=version)
        try:
            signer = await workflow.execute_local_activity(
                CHECK_SIGNER_ACTIVITY,
                check,
                result_type=Signer,
                start_to_close_timeout=dt.timedelta(seconds=10),
                retry_policy=_SIGNER_RETRY,
                summary=f"signer {check.login}",
            )
        except ActivityError as exc:
            cause = exc.cause
            message = getattr(cause, "message", None) or str(cause or exc)
            raise DomainError(f"действие «{action}» отклонено: {message}", "signer_refused") from None
        return Signed(action, check, signature, signer, version)

    async def _record(
        self,
        step: str,
        event: DomainEvent,
        actor: Actor,
        mail: MailOrigin | None = None,
        signed: Signed | None = None,
    ) -> None:
        info = workflow.info()
        request = RecordRequest.of(
            stream=info.workflow_id,
            event_id=rules.step_event_id(info.workflow_id, _chain_run_id(info), step),
            event=event,
            metadata=EventMetadata.for_actor(
                actor,
                workflow_id=info.workflow_id,
                run_id=info.run_id,
                cause=step,
                mail=mail,
                login=signed.check.login if signed else None,
                name=signed.signer.name if signed and signed.signer else None,
                signature=signed.signature if signed else None,
            ),
            occurred_at=workflow.now(),
            check_signer=signed is not None and signed.signer is None,
            expected_version=signed.version if signed else None,
        )
        try:
            if takes(self._terms.revision, LOCAL_RECORD_PATCH):
                # A local activity records within the workflow task: no activity task travels through
                # the server, which halves its work per step. The append is idempotent: a rerun is harmless.
                await workflow.execute_local_activity(
                    RECORD_ACTIVITY,
                    request,
                    start_to_close_timeout=dt.timedelta(seconds=10),
                    retry_policy=_RECORD_RETRY,
                    summary=step,
                )
            else:
                await workflow.execute_activity(
                    RECORD_ACTIVITY,
                    request,
                    start_to_close_timeout=dt.timedelta(seconds=10),
                    retry_policy=_RECORD_RETRY,
                    summary=step,
                )
        except ActivityError as exc:
            cause = exc.cause
            if signed is not None and isinstance(cause, ApplicationError) and cause.type == STALE_VERSION:
                # The obligation moved on since its signer looked: nothing was appended.
                raise ApplicationError(
                    cause.message, "stale_version", type=STALE_VERSION, non_retryable=True
                ) from None
            if signed is None or not isinstance(cause, ApplicationError) or cause.type != SIGNER_REFUSED:
                raise
            # Nothing was appended: the update is rejected, as when the validator rejects one.
            message = f"{signed.action} refused: {cause.message}"
            raise ApplicationError(message, type="DomainError", non_retryable=True) from None

    def _opened_event(self) -> ObligationOpened:
        """The opening event, from the terms."""
        terms = self._terms
        return ObligationOpened(
            obligation_id=terms.obligation_id,
            cycle=terms.cycle,
            measure=terms.measure,
            participant=terms.participant,
            due=terms.deadline.due,
            effective_due=terms.deadline.effective_due,
            milestones=terms.milestones,
        )

    def _notice(
        self, kind: NoticeKind, step: str, days: int | None = None, reason: str | None = None
    ) -> NoticeRequest:
        deadline = self._progress.deadline
        return NoticeRequest(
            obligation_id=self._terms.obligation_id,
            kind=kind,
            step=step,
            days=days,
            reason=reason,
            due=deadline.due,
            effective_due=deadline.effective_due,
        )

    def _notify(self, kind: NoticeKind, step: str, reason: str | None = None) -> None:
        """Queue a notice; the main loop sends it, so an update's round trip does not wait for mail."""
        self._notices.append(self._notice(kind, step, reason=reason))

    async def _send_pending_notices(self) -> None:
        while self._notices:
            await self._deliver(self._notices.pop(0))

    async def _send(self, kind: NoticeKind, step: str, days: int) -> tuple[str, ...]:
        return await self._deliver(self._notice(kind, step, days=days))

    async def _deliver(self, notice: NoticeRequest) -> tuple[str, ...]:
        try:
            result = await workflow.execute_activity(
                NOTICE_ACTIVITY,
                notice,
                result_type=NoticeResult,
                start_to_close_timeout=dt.timedelta(seconds=30),
                retry_policy=_NOTICE_RETRY,
                summary=notice.step,
            )
        except ActivityError:
            # Mail trouble must not stop the obligation's clock; the mail side records its failures.
            workflow.logger.warning("notice %s of %s was not sent", notice.step, notice.obligation_id)
            return ()
        return result.message_ids


def _chain_run_id(info: workflow.Info) -> str:
    """The first run of this workflow's continue-as-new chain: event ids stay one namespace across the
    chain's runs (a step's id does not change when a later run would meet it again), yet differ when a
    closed workflow id is started afresh. For a run never continued it is its own run id, as before."""
    return info.first_execution_run_id or info.run_id
