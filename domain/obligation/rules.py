"""The obligation's rules: who may do what in which state, and the state each action leads to.

Each `check_*` raises DomainError before anything is recorded; each `after_*` returns the new progress,
its state from the one state machine (`domain.obligation.lifecycle`).
"""

from __future__ import annotations

import datetime as dt
import uuid

from domain.actors import Actor, Role
from domain.errors import DomainError
from domain.obligation.lifecycle import Fact, next_state
from domain.obligation.progress import ObligationProgress
from domain.obligation.requests import ExtendRequest, RetimeRequest, ReviewRequest, SubmitRequest
from domain.obligation.states import ObligationState
from domain.obligation.terms import ObligationTerms

_EVENT_NAMESPACE = uuid.UUID("6f1c3a52-7d0e-4c2b-9a8e-2b1f0c9d7e41")

_WAITING = (ObligationState.OPEN, ObligationState.RETURNED, ObligationState.OVERDUE)


def step_event_id(workflow_id: str, run_id: str, step: str) -> uuid.UUID:
    """The event id of a workflow step: the same step of the same run (for a continued workflow, the
    first run of its chain) always yields the same id."""
    return uuid.uuid5(_EVENT_NAMESPACE, f"{workflow_id}\n{run_id}\n{step}")


def _not_final(progress: ObligationProgress) -> None:
    if progress.is_final:
        raise DomainError(f"obligation {progress.obligation_id} is already {progress.state.value}")


def _coordinator_only(actor: Actor, action: str) -> None:
    if actor.role is not Role.COORDINATOR:
        raise DomainError(f"only the coordinator may {action}; {actor} may not")


def _reason(reason: str | None, action: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise DomainError(f"a reason is required to {action}")
    return text


# Documents travel to the workflow by reference (hash, name, size, kind and details), a few hundred
# bytes each; the bound keeps one update far below Temporal's payload limit and the history small.
MAX_DOCUMENTS_PER_SUBMISSION = 20


def check_submit(terms: ObligationTerms, progress: ObligationProgress, request: SubmitRequest) -> None:
    """A region submits its own obligations (the coordinator on anyone's behalf) while documents are due."""
    actor = request.actor
    if len(request.documents) > MAX_DOCUMENTS_PER_SUBMISSION:
        raise DomainError(
            f"a submission carries at most {MAX_DOCUMENTS_PER_SUBMISSION} documents, "
            f"not {len(request.documents)}"
        )
    if actor.role is Role.AUDITOR:
        raise DomainError("an auditor changes nothing")
    if actor.role is Role.REGION and actor.region != terms.participant:
        raise DomainError(f"{actor} may not submit for participant {terms.participant}")
    _not_final(progress)
    labels = tuple(m.label for m in terms.milestones)
    if labels:
        if request.milestone is None:
            raise DomainError(f"measure {terms.measure} is staged: name the stage ({', '.join(labels)})")
        if request.milestone not in labels:
            raise DomainError(f"unknown stage {request.milestone!r}: expected one of {', '.join(labels)}")
        if progress.state is ObligationState.SUBMITTED and request.milestone in progress.review_stages:
            raise DomainError(f"stage {request.milestone!r} is already awaiting review")
    elif request.milestone is not None:
        raise DomainError(f"measure {terms.measure} has no stages")
    elif progress.state is ObligationState.SUBMITTED:
        raise DomainError(f"obligation {progress.obligation_id} is already submitted and awaiting review")


def after_submit(
    progress: ObligationProgress, request: SubmitRequest, now: dt.datetime
) -> ObligationProgress:
    """Documents are in: the obligation awaits review."""
    staged, review = progress.staged, progress.review_stages
    if request.milestone is not None:
        staged = tuple(dict.fromkeys((*staged, request.milestone)))
        review = tuple(dict.fromkeys((*review, request.milestone)))
    return progress.model_copy(
        update={
            "state": next_state(progress.state, Fact.SUBMITTED),
            "documents": (*progress.documents, *request.documents),
            "staged": staged,
            "review_stages": review,
            "submissions": progress.submissions + 1,
            "submitted_at": now,
            "cursor": max(progress.cursor, now),
        }
    )


def check_accept(terms: ObligationTerms, progress: ObligationProgress, request: ReviewRequest) -> None:
    """The coordinator accepts a submission under review; a staged measure needs every stage in."""
    _coordinator_only(request.actor, "accept")
    _not_final(progress)
    if progress.state is not ObligationState.SUBMITTED:
        raise DomainError(f"obligation {progress.obligation_id} has no submission to accept")
    missing = [m.label for m in terms.milestones if m.label not in progress.staged]
    if missing:
        raise DomainError(f"stages without documents: {', '.join(missing)}")


def after_accept(progress: ObligationProgress, now: dt.datetime) -> ObligationProgress:
    """Accepted: the obligation is fulfilled."""
    return progress.model_copy(
        update={
            "state": next_state(progress.state, Fact.ACCEPTED),
            "accepted_at": now,
            "review_stages": (),
            "cursor": now,
        }
    )


def check_return(terms: ObligationTerms, progress: ObligationProgress, request: ReviewRequest) -> None:
    """The coordinator returns a submission under review, with a reason."""
    _coordinator_only(request.actor, "return a submission")
    _not_final(progress)
    if progress.state is not ObligationState.SUBMITTED:
        raise DomainError(f"obligation {progress.obligation_id} has no submission to return")
    _reason(request.reason, "return a submission")


def after_return(progress: ObligationProgress, reason: str, now: dt.datetime) -> ObligationProgress:
    """Returned: the participant must resubmit; the returned stages count as not in."""
    staged = tuple(s for s in progress.staged if s not in progress.review_stages)
    return progress.model_copy(
        update={
            "state": next_state(progress.state, Fact.RETURNED),
            "staged": staged,
            "review_stages": (),
            "returns": progress.returns + 1,
            "last_reason": reason.strip(),
            "cursor": max(progress.cursor, now),
        }
    )


def check_waive(terms: ObligationTerms, progress: ObligationProgress, request: ReviewRequest) -> None:
    """The coordinator lifts an obligation that is not final, with a reason."""
    _coordinator_only(request.actor, "waive an obligation")
    _not_final(progress)
    _reason(request.reason, "waive an obligation")


def after_waive(progress: ObligationProgress, reason: str, now: dt.datetime) -> ObligationProgress:
    """Waived: nothing more is owed."""
    return progress.model_copy(
        update={
            "state": next_state(progress.state, Fact.WAIVED),
            "last_reason": reason.strip(),
            "cursor": max(progress.cursor, now),
        }
    )


def check_extend(terms: ObligationTerms, progress: ObligationProgress, request: ExtendRequest) -> None:
    """The coordinator moves the due date later, with a reason."""
    _coordinator_only(request.actor, "extend a deadline")
    _not_final(progress)
    _reason(request.reason, "extend a deadline")
    new = request.deadline
    if new.due <= progress.deadline.due:
        raise DomainError(
            f"the new due date {new.due} must be after the current one, {progress.deadline.due}"
        )
    if new.effective_due < new.due:
        raise DomainError("the effective due date cannot precede the due date")
    if new.effective_due <= progress.deadline.effective_due:
        # Step names carry the effective due date: an extension must move it, or nothing would restart.
        raise DomainError(
            f"the new due date {new.due} still falls due on {progress.deadline.effective_due}: "
            "choose a later one"
        )


def after_extend(
    progress: ObligationProgress, request: ExtendRequest, now: dt.datetime
) -> ObligationProgress:
    """A new deadline: an overdue obligation is open again and its reminders start over."""
    return progress.model_copy(
        update={
            "state": next_state(progress.state, Fact.DEADLINE_MOVED),
            "deadline": request.deadline,
            "missed": False,
            "escalated": False,
            "extensions": progress.extensions + 1,
            "last_reason": request.reason.strip(),
            "cursor": max(progress.cursor, now),
        }
    )


def check_retime(terms: ObligationTerms, progress: ObligationProgress, request: RetimeRequest) -> None:
    """The system applies the catalog's deadline to an open obligation that was never extended."""
    if request.actor.role is not Role.SYSTEM:
        raise DomainError(f"only the system retimes an obligation; {request.actor} may not")
    _not_final(progress)
    _reason(request.reason, "retime an obligation")
    if progress.extensions:
        raise DomainError("the coordinator extended this deadline: it is kept, not retimed")
    new = request.deadline
    if new.effective_due < new.due:
        raise DomainError("the effective due date cannot precede the due date")
    if (new.due, new.effective_due) == (progress.deadline.due, progress.deadline.effective_due):
        raise DomainError(f"the obligation is already due on {new.due}")


def after_retime(
    progress: ObligationProgress, request: RetimeRequest, now: dt.datetime
) -> ObligationProgress:
    """The catalog's deadline: an overdue obligation is open again; reminders already due are not resent."""
    return progress.model_copy(
        update={
            "state": next_state(progress.state, Fact.DEADLINE_MOVED),
            "deadline": request.deadline,
            "missed": False,
            "escalated": False,
            "retimes": progress.retimes + 1,
            "last_reason": request.reason.strip(),
            "cursor": max(progress.cursor, now),
        }
    )


def awaits_documents(progress: ObligationProgress) -> bool:
    """Open, returned or overdue: the participant still owes documents."""
    return progress.state in _WAITING
