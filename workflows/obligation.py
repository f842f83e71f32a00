"""One obligation as a durable workflow: it waits for documents, reminds, marks the deadline missed,
sends overdue notices, escalates, and takes the coordinator's and the region's actions as updates.

Every state change is appended to the event store by the `record_event` activity; rules and the clock
are pure functions in `domain/`, so this module only orchestrates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NoReturn

from temporalio import workflow
from temporalio.common import SearchAttributeUpdate
from temporalio.exceptions import ApplicationError

from workflows.names import OBLIGATION_WORKFLOW

with workflow.unsafe.imports_passed_through():
    from domain.actors import SYSTEM, Actor
    from domain.errors import DomainError
    from domain.eventing.base import DomainEvent
    from domain.history_import.resume import resume_progress
    from domain.obligation import rules as rules
    from domain.obligation.events import (
        DeadlineExtended,
        DeadlineMissed,
        DeadlineRetimed,
        DocumentSubmitted,
        Escalated,
        ObligationClosed,
        ObligationWaived,
        OverdueNoticeSent,
        ReminderSent,
        SubmissionAccepted,
        SubmissionReturned,
    )
    from domain.obligation.notices import NoticeKind, NoticeRequest
    from domain.obligation.progress import ObligationProgress
    from domain.obligation.replay_guard import SeenActions
    from domain.obligation.requests import (
        ExtendRequest,
        RetimeRequest,
        ReviewRequest,
        SignedRequest,
        SubmitRequest,
    )
    from domain.obligation.states import ObligationState
    from domain.obligation.terms import ObligationTerms
    from domain.obligation.timers import TimerKind, TimerStep, after_timer, next_timer
    from workflows import search_attributes as sa
    from workflows.continuation import HandOver, should_continue_as_new
    from workflows.obligation_steps import ObligationSteps, Signed
    from workflows.opening_gate import OPENING_GATE_PATCH, OpeningGate
    from workflows.revision import takes

Check = Callable[[ObligationTerms, ObligationProgress, Any], None]
# Histories recorded before this fix waited here for good (no command), so replay must keep doing so.
CLOSED_WHILE_SENDING_PATCH = "close-when-closed-while-sending"


def _reject(error: DomainError) -> NoReturn:
    """Turn a rule violation into an update rejection the client reads as one line."""
    raise ApplicationError(str(error), error.code, type="DomainError", non_retryable=True)


# Not sandboxed: the sandbox re-imports this module for every new workflow, which measured about 15 ms
# of worker CPU per start, halving the rate a cycle opens at. The module stays deterministic without it:
# it reads time only through `workflow.now()`, calls pure functions from `domain/`, keeps no module
# state, and the replay test runs recorded histories against it.
@workflow.defn(name=OBLIGATION_WORKFLOW, sandboxed=False)
class ObligationWorkflow(ObligationSteps, HandOver):
    """The obligation `{cycle}/{measure:02d}/{participant}` from opening to acceptance or waiver."""

    @workflow.init
    def __init__(self, terms: ObligationTerms) -> None:
        carried = terms.carried
        # The handed-over state lives in the workflow, not in its terms (the terms query stays small).
        self._terms = terms if carried is None else terms.model_copy(update={"carried": None})
        self._carried = carried
        if carried is None:
            self._progress = ObligationProgress.opening(terms, workflow.now())
        else:
            self._progress = carried.progress
        self._lock = OpeningGate(gated=takes(self._terms.revision, OPENING_GATE_PATCH))
        self._changed = False
        self._notices: list[NoticeRequest] = [] if carried is None else list(carried.notices)
        self._actions = SeenActions(() if carried is None else carried.actions)
        self._verified = {}  # update id -> the signature its validator checked (see ObligationSteps)
        # Only workflows started with our attributes carry them (the time-skipping server has none);
        # read once: decoding the typed attributes on every state change cost measurable worker CPU.
        self._has_attributes = workflow.info().typed_search_attributes.get(sa.STATUS) is not None

    @workflow.run
    async def run(self, terms: ObligationTerms) -> ObligationState:
        """Open, then follow the clock and the updates until the obligation is accepted or waived;
        a long-lived one continues as new on the way (`terms.carried`: what the run before handed over)."""
        async with self._lock.opening():
            if self._carried is not None:  # a run before this one recorded the opening
                pass
            elif terms.imported is None:
                await self._record("opened", self._opened_event(), Actor.parse(terms.opened_by))
            else:  # the imported history already opened it
                self._advance(resume_progress(self._progress, terms.imported))
        while not self._progress.is_final:
            if should_continue_as_new(self._terms.revision):
                await self._continue_as_new()
                continue
            await self._send_pending_notices()
            self._changed = False
            step = next_timer(self._terms, self._progress)
            if not await self._sleep_until(step):
                continue
            assert step is not None
            # An update may have run while we woke up: fire only if the step is still the one due.
            if next_timer(self._terms, self._progress) == step:
                await self._fire(step)
        await workflow.wait_condition(workflow.all_handlers_finished)
        await self._send_pending_notices()
        final = ObligationClosed(obligation_id=terms.obligation_id, final_state=self._progress.state)
        await self._record("closed", final, SYSTEM)
        return self._progress.state

    @workflow.query
    def status(self) -> ObligationProgress:
        """Where the obligation stands now."""
        return self._progress

    @workflow.query
    def terms(self) -> ObligationTerms:
        """What the workflow was started with (clients run the same checks before sending an update)."""
        return self._terms

    @workflow.query
    def terms_and_status(self) -> tuple[ObligationTerms, ObligationProgress]:
        """Terms and status in one query: a client's precheck costs one round trip, not two."""
        return self._terms, self._progress

    # --- updates -------------------------------------------------------------------------------

    @workflow.update
    async def submit(self, request: SubmitRequest) -> ObligationProgress:
        """Documents for the obligation (or one stage of it)."""
        async with self._lock:
            self._recheck(rules.check_submit, request)
            signed = await self._signed("submit", request)
            n = self._progress.submissions + 1
            event = DocumentSubmitted(
                obligation_id=self._terms.obligation_id,
                documents=request.documents,
                milestone=request.milestone,
                comment=request.comment,
            )
            await self._record(f"submit-{n}", event, request.actor, request.mail, signed)
            self._advance(rules.after_submit(self._progress, request, workflow.now()))
        return self._progress

    @submit.validator
    def _validate_submit(self, request: SubmitRequest) -> None:
        self._validate(rules.check_submit, request)
        self._validate_signature("submit", request)

    @workflow.update
    async def accept(self, request: ReviewRequest) -> ObligationProgress:
        """The coordinator accepts the submission under review."""
        async with self._lock:
            self._recheck(rules.check_accept, request)
            signed = await self._signed("accept", request)
            event = SubmissionAccepted(obligation_id=self._terms.obligation_id, comment=request.reason)
            await self._record("accept", event, request.actor, signed=signed)
            self._advance(rules.after_accept(self._progress, workflow.now()))
            self._notify(NoticeKind.ACCEPTED, "accepted")
        return self._progress

    @accept.validator
    def _validate_accept(self, request: ReviewRequest) -> None:
        self._validate(rules.check_accept, request)
        self._validate_signature("accept", request)

    @workflow.update(name="return")
    async def return_submission(self, request: ReviewRequest) -> ObligationProgress:
        """The coordinator returns the submission for rework, with a reason."""
        async with self._lock:
            self._recheck(rules.check_return, request)
            signed = await self._signed("return", request)
            reason = (request.reason or "").strip()
            n = self._progress.returns + 1
            event = SubmissionReturned(obligation_id=self._terms.obligation_id, reason=reason)
            await self._record(f"return-{n}", event, request.actor, signed=signed)
            self._advance(rules.after_return(self._progress, reason, workflow.now()))
            self._notify(NoticeKind.RETURNED, f"returned-{n}", reason=reason)
        return self._progress

    @return_submission.validator
    def _validate_return(self, request: ReviewRequest) -> None:
        self._validate(rules.check_return, request)
        self._validate_signature("return", request)

    @workflow.update
    async def waive(self, request: ReviewRequest) -> ObligationProgress:
        """The coordinator lifts the obligation, with a reason."""
        async with self._lock:
            self._recheck(rules.check_waive, request)
            signed = await self._signed("waive", request)
            reason = (request.reason or "").strip()
            event = ObligationWaived(obligation_id=self._terms.obligation_id, reason=reason)
            await self._record("waive", event, request.actor, signed=signed)
            self._advance(rules.after_waive(self._progress, reason, workflow.now()))
        return self._progress

    @waive.validator
    def _validate_waive(self, request: ReviewRequest) -> None:
        self._validate(rules.check_waive, request)
        self._validate_signature("waive", request)

    @workflow.update
    async def extend(self, request: ExtendRequest) -> ObligationProgress:
        """The coordinator moves the due date, with a reason."""
        async with self._lock:
            self._recheck(rules.check_extend, request)
            signed = await self._signed("extend", request)
            n = self._progress.extensions + 1
            new = request.deadline
            event = DeadlineExtended(
                obligation_id=self._terms.obligation_id,
                due=new.due,
                effective_due=new.effective_due,
                reason=request.reason.strip(),
            )
            await self._record(f"extend-{n}", event, request.actor, signed=signed)
            self._advance(rules.after_extend(self._progress, request, workflow.now()))
            self._upsert(sa.DUE.value_set(sa.due_instant(new.effective_due)))
            self._notify(NoticeKind.EXTENDED, f"extended-{n}", reason=request.reason.strip())
        return self._progress

    @extend.validator
    def _validate_extend(self, request: ExtendRequest) -> None:
        self._validate(rules.check_extend, request)
        self._validate_signature("extend", request)

    @workflow.update
    async def retime(self, request: RetimeRequest) -> ObligationProgress:
        """The system applies the catalog's current deadline (`eci cycle retime`), with the reason."""
        async with self._lock:
            self._recheck(rules.check_retime, request)
            signed = await self._signed("retime", request)
            previous = self._progress.deadline
            new = request.deadline
            event = DeadlineRetimed(
                obligation_id=self._terms.obligation_id,
                due=new.due,
                effective_due=new.effective_due,
                previous_due=previous.due,
                reason=request.reason.strip(),
            )
            await self._record(f"retime-{self._progress.retimes + 1}", event, request.actor, signed=signed)
            self._advance(rules.after_retime(self._progress, request, workflow.now()))
            self._upsert(sa.DUE.value_set(sa.due_instant(new.effective_due)))
        return self._progress

    @retime.validator
    def _validate_retime(self, request: RetimeRequest) -> None:
        self._validate(rules.check_retime, request)
        self._validate_signature("retime", request)

    # --- the clock -----------------------------------------------------------------------------

    async def _sleep_until(self, step: TimerStep | None) -> bool:
        """Wait for the step's instant; False when an update changed things first (or there is no step)."""
        if step is None:
            # An update that closed the obligation while its notices were being sent has had its
            # `_changed` cleared by the loop: waiting for another change would keep it open forever.
            if self._progress.is_final and takes(self._terms.revision, CLOSED_WHILE_SENDING_PATCH):
                return False
            await workflow.wait_condition(lambda: self._changed)
            return False
        delay = step.at - workflow.now()
        if delay <= dt.timedelta(0):
            return True
        try:
            await workflow.wait_condition(lambda: self._changed, timeout=delay, timeout_summary=step.name)
        except TimeoutError:
            return True
        return False

    async def _fire(self, step: TimerStep) -> None:
        """Fire a timed step. Mail goes out before the lock is taken, so no update waits for it."""
        oid = self._terms.obligation_id
        if step.kind is TimerKind.MISSED:
            async with self._lock:
                deadline = self._progress.deadline
                missed = DeadlineMissed(
                    obligation_id=oid, due=deadline.due, effective_due=deadline.effective_due
                )
                await self._record(step.name, missed, SYSTEM)
                self._advance(after_timer(self._progress, step))
                self._notify(NoticeKind.DEADLINE_MISSED, step.name)
            return
        due = self._progress.deadline.due
        kind = {
            TimerKind.REMINDER: NoticeKind.REMINDER,
            TimerKind.OVERDUE: NoticeKind.OVERDUE,
            TimerKind.ESCALATION: NoticeKind.ESCALATION,
        }[step.kind]
        sent = await self._send(kind, step.name, days=step.days)
        event: DomainEvent
        if step.kind is TimerKind.REMINDER:
            event = ReminderSent(obligation_id=oid, days_before=step.days, due=due, message_ids=sent)
        elif step.kind is TimerKind.OVERDUE:
            event = OverdueNoticeSent(obligation_id=oid, days_overdue=step.days, message_ids=sent)
        else:
            event = Escalated(obligation_id=oid, days_overdue=step.days, message_ids=sent)
        async with self._lock:
            await self._record(step.name, event, SYSTEM)
            self._advance(after_timer(self._progress, step))

    # --- helpers -------------------------------------------------------------------------------

    def _validate(self, check: Check, request: object) -> None:
        try:
            check(self._terms, self._progress, request)
        except DomainError as exc:
            _reject(exc)

    def _validate_signature(self, action: str, request: SignedRequest) -> None:
        try:
            self._check_signed(action, request)
        except DomainError as exc:
            _reject(exc)

    async def _signed(self, action: str, request: SignedRequest) -> Signed | None:
        try:
            return await self._signer(action, request)
        except DomainError as exc:
            _reject(exc)

    def _recheck(self, check: Check, request: object) -> None:
        # Validators ran before the lock was ours; another update may have changed the state since.
        try:
            check(self._terms, self._progress, request)
        except DomainError as exc:
            update = workflow.current_update_info()
            if update is not None:  # the signer step will not run: drop what the validator kept for it
                self._verified.pop(update.id, None)
            _reject(exc)

    def _advance(self, progress: ObligationProgress) -> None:
        previous = self._progress.state
        self._progress = progress
        self._changed = True
        if progress.state is not previous:
            self._upsert(sa.STATUS.value_set(progress.state.value))

    def _upsert(self, update: SearchAttributeUpdate[Any]) -> None:
        if self._has_attributes:
            workflow.upsert_search_attributes([update])
