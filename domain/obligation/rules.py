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
from domain.obligation.states import STATE_LABELS_RU, ObligationState
from domain.obligation.terms import ObligationTerms
from domain.russian import ru_date

_EVENT_NAMESPACE = uuid.UUID("6f1c3a52-7d0e-4c2b-9a8e-2b1f0c9d7e41")

_WAITING = (ObligationState.OPEN, ObligationState.RETURNED, ObligationState.OVERDUE)


def step_event_id(workflow_id: str, run_id: str, step: str) -> uuid.UUID:
    """The event id of a workflow step: the same step of the same run (for a continued workflow, the
    first run of its chain) always yields the same id."""
    return uuid.uuid5(_EVENT_NAMESPACE, f"{workflow_id}\n{run_id}\n{step}")


# What each action is called in a message: «только координатор может принять документы».
ACTIONS_RU: dict[str, str] = {
    "accept": "принять документы",
    "return": "вернуть документы на доработку",
    "waive": "освободить от обязательства",
    "extend": "продлить срок",
    "retime": "перенести срок по каталогу",
    "open_cycle": "открыть цикл",
}


def _not_final(progress: ObligationProgress) -> None:
    if progress.is_final:
        state = STATE_LABELS_RU[progress.state]
        raise DomainError(
            f"обязательство {progress.obligation_id} уже {state}: изменить ничего нельзя", "already_final"
        )


def _coordinator_only(actor: Actor, action: str) -> None:
    if actor.role is not Role.COORDINATOR:
        raise DomainError(
            f"только координатор может {ACTIONS_RU[action]}; {actor.label_ru} не может", "coordinator_only"
        )


def _reason(reason: str | None, action: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise DomainError(f"нужна причина, чтобы {ACTIONS_RU[action]}", "reason_required")
    return text


# Documents travel to the workflow by reference (hash, name, size, kind and details), a few hundred
# bytes each; the bound keeps one update far below Temporal's payload limit and the history small.
MAX_DOCUMENTS_PER_SUBMISSION = 20


def check_submit(terms: ObligationTerms, progress: ObligationProgress, request: SubmitRequest) -> None:
    """A region submits its own obligations (the coordinator on anyone's behalf) while documents are due."""
    actor = request.actor
    if len(request.documents) > MAX_DOCUMENTS_PER_SUBMISSION:
        raise DomainError(
            f"за один раз представляется не больше {MAX_DOCUMENTS_PER_SUBMISSION} документов, "
            f"а не {len(request.documents)}",
            "too_many_documents",
        )
    if actor.role is Role.AUDITOR:
        raise DomainError("аудитор ничего не изменяет", "auditor_changes_nothing")
    if actor.role is Role.REGION and actor.region != terms.participant:
        raise DomainError(
            f"{actor.label_ru} не может представлять документы участника {terms.participant}",
            "not_own_participant",
        )
    _not_final(progress)
    labels = tuple(m.label for m in terms.milestones)
    stages = "; ".join(f"«{label}»" for label in labels)
    if labels:
        if request.milestone is None:
            raise DomainError(
                f"мероприятие {terms.measure} исполняется по этапам: укажите этап ({stages})",
                "stage_required",
            )
        if request.milestone not in labels:
            raise DomainError(
                f"неизвестный этап «{request.milestone}»: ожидается один из: {stages}", "unknown_stage"
            )
        if progress.state is ObligationState.SUBMITTED and request.milestone in progress.review_stages:
            raise DomainError(f"этап «{request.milestone}» уже на проверке", "stage_under_review")
    elif request.milestone is not None:
        raise DomainError(f"у мероприятия {terms.measure} нет этапов", "no_stages")
    elif progress.state is ObligationState.SUBMITTED and not request.replaces_review:
        raise DomainError(
            f"документы по обязательству {progress.obligation_id} уже на проверке: дождитесь решения "
            "координатора",
            "already_under_review",
        )


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
        raise DomainError(
            f"по обязательству {progress.obligation_id} нет документов на проверке: принимать нечего",
            "nothing_to_accept",
        )
    missing = [m.label for m in terms.milestones if m.label not in progress.staged]
    if missing:
        stages = "; ".join(f"«{label}»" for label in missing)
        raise DomainError(f"нет документов по этапам: {stages}", "stages_missing")


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
    _coordinator_only(request.actor, "return")
    _not_final(progress)
    if progress.state is not ObligationState.SUBMITTED:
        raise DomainError(
            f"по обязательству {progress.obligation_id} нет документов на проверке: возвращать нечего",
            "nothing_to_return",
        )
    _reason(request.reason, "return")


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
    _coordinator_only(request.actor, "waive")
    _not_final(progress)
    _reason(request.reason, "waive")


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
    _coordinator_only(request.actor, "extend")
    _not_final(progress)
    _reason(request.reason, "extend")
    new = request.deadline
    if new.due <= progress.deadline.due:
        raise DomainError(
            f"новый срок {ru_date(new.due)} должен быть позже нынешнего, {ru_date(progress.deadline.due)}",
            "extension_not_later",
        )
    if new.effective_due < new.due:
        raise DomainError("срок с учётом выходных не может быть раньше срока", "effective_before_due")
    if new.effective_due <= progress.deadline.effective_due:
        # Step names carry the effective due date: an extension must move it, or nothing would restart.
        raise DomainError(
            f"новый срок {ru_date(new.due)} всё равно истекает {ru_date(progress.deadline.effective_due)}: "
            "выберите более поздний",
            "extension_same_effective",
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
        raise DomainError(
            f"срок по каталогу переносит только система; {request.actor.label_ru} не может", "system_only"
        )
    _not_final(progress)
    _reason(request.reason, "retime")
    if progress.extensions:
        raise DomainError("координатор продлил этот срок: продление сохраняется", "extended_kept")
    new = request.deadline
    if new.effective_due < new.due:
        raise DomainError("срок с учётом выходных не может быть раньше срока", "effective_before_due")
    if (new.due, new.effective_due) == (progress.deadline.due, progress.deadline.effective_due):
        raise DomainError(f"срок обязательства уже {ru_date(new.due)}", "already_due_then")


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
