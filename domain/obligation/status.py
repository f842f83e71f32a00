"""An obligation's status as a pure fold over its events, answerable as of any business or recording instant.

The same `fold_status` drives the stored projection, `eci db rebuild` and as-of queries, so they cannot
disagree. Events are folded in recording order (the store's position); the as-of filters only choose
which events take part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, Protocol, overload

from pydantic import BaseModel, ConfigDict

from domain.documents import SubmittedDocument
from domain.eventing.base import DomainEvent
from domain.obligation.events import (
    AnswerRevised,
    DeadlineExtended,
    DeadlineMissed,
    DeadlineRetimed,
    DocumentSubmitted,
    Escalated,
    Milestone,
    NotificationFailed,
    ObligationClosed,
    ObligationOpened,
    ObligationWaived,
    OverdueNoticeSent,
    ReminderSent,
    SubmissionAccepted,
    SubmissionReturned,
)
from domain.obligation.states import ObligationState


class ObligationStatus(BaseModel):
    """What is known about one obligation after folding its events."""

    model_config = ConfigDict(frozen=True)

    id: str
    cycle: int
    measure: int
    participant: str
    state: ObligationState
    due: dt.date
    effective_due: dt.date
    milestones: tuple[Milestone, ...] = ()
    opened_at: dt.datetime
    submitted_at: dt.datetime | None = None
    accepted_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None
    waived_at: dt.datetime | None = None
    return_reason: str | None = None
    waive_reason: str | None = None
    submissions: int = 0
    documents: tuple[SubmittedDocument, ...] = ()
    submitted_milestones: tuple[str, ...] = ()
    reminders_sent: int = 0
    deadline_missed: bool = False
    overdue_notices: int = 0
    escalated: bool = False
    extensions: int = 0
    notifications_failed: int = 0
    closed: bool = False
    # Newer answers a region's form gave after the decision (accepted or waived), kept beside it.
    revisions: int = 0
    revised_at: dt.datetime | None = None
    revised_form_version: int | None = None
    events: int = 0
    last_event_at: dt.datetime


class FoldRecord(Protocol):
    """A recorded event as the fold needs it: the event, its business time and its recording time."""

    @property
    def event(self) -> DomainEvent: ...
    @property
    def occurred_at(self) -> dt.datetime: ...
    @property
    def recorded_at(self) -> dt.datetime: ...


class EventRecord(NamedTuple):
    """A plain (event, occurred_at, recorded_at) triple; any `FoldRecord` works the same."""

    event: DomainEvent
    occurred_at: dt.datetime
    recorded_at: dt.datetime


Handler = Callable[[ObligationStatus, Any, dt.datetime], dict[str, Any]]
Opener = Callable[[Any, dt.datetime], ObligationStatus]

_HANDLERS: dict[str, Handler] = {}
_OPENERS: dict[str, Opener] = {}


def folds(event_type: type[DomainEvent]) -> Callable[[Handler], Handler]:
    """Register how an event type changes an existing status (returns the changed fields)."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[event_type.type] = handler
        return handler

    return register


def opens(event_type: type[DomainEvent]) -> Callable[[Opener], Opener]:
    """Register an event type that starts (or restarts) an obligation's status."""

    def register(opener: Opener) -> Opener:
        _OPENERS[event_type.type] = opener
        return opener

    return register


@overload
def fold_status(prev: ObligationStatus, event: DomainEvent, occurred_at: dt.datetime) -> ObligationStatus: ...
@overload
def fold_status(prev: None, event: DomainEvent, occurred_at: dt.datetime) -> ObligationStatus | None: ...
def fold_status(
    prev: ObligationStatus | None, event: DomainEvent, occurred_at: dt.datetime
) -> ObligationStatus | None:
    """Apply one event; None while nothing opened the obligation, unchanged for events the fold ignores."""
    if event.type not in _OPENERS and event.type not in _HANDLERS:
        _discover_handlers()
    opener = _OPENERS.get(event.type)
    if opener is not None:
        opened = opener(event, occurred_at)
        if prev is None:
            return opened
        return opened.model_copy(update={"events": prev.events + 1})
    if prev is None:
        return None
    handler = _HANDLERS.get(event.type)
    changes = handler(prev, event, occurred_at) if handler is not None else {}
    changes["events"] = prev.events + 1
    changes["last_event_at"] = max(prev.last_event_at, occurred_at)
    return evolve(prev, changes)


def evolve(prev: ObligationStatus, changes: dict[str, Any]) -> ObligationStatus:
    """`prev.model_copy(update=changes)` without its defensive copies: the fold's hot path on rebuilds."""
    new = ObligationStatus.__new__(ObligationStatus)
    object.__setattr__(new, "__dict__", {**prev.__dict__, **changes})
    object.__setattr__(new, "__pydantic_fields_set__", prev.__pydantic_fields_set__ | changes.keys())
    object.__setattr__(new, "__pydantic_extra__", None)
    object.__setattr__(new, "__pydantic_private__", None)
    return new


def _discover_handlers() -> None:
    """Modules that register their folds on import (`FOLD_MODULES`): make sure they were imported."""
    from domain.eventing.registry import event_types

    event_types()


def fold_all(
    records: Iterable[FoldRecord | tuple[DomainEvent, dt.datetime, dt.datetime]],
    as_of: dt.datetime | None = None,
    as_known_at: dt.datetime | None = None,
) -> dict[str, ObligationStatus]:
    """Statuses by obligation id from records in recording order, optionally as of a business instant
    (events that occurred by then) and/or as known at a recording instant (events recorded by then)."""
    statuses: dict[str, ObligationStatus] = {}
    for record in records:
        if isinstance(record, tuple):
            record = EventRecord(*record)
        if as_of is not None and record.occurred_at > as_of:
            continue
        if as_known_at is not None and record.recorded_at > as_known_at:
            continue
        key = record.event.obligation_id
        folded = fold_status(statuses.get(key), record.event, record.occurred_at)
        if folded is not None:
            statuses[key] = folded
    return statuses


def unless_final(prev: ObligationStatus, state: ObligationState) -> ObligationState:
    """`state`, unless the obligation already reached a final one (accepted or waived)."""
    return prev.state if prev.state.is_final else state


class StatusView(Protocol):
    """The fields of an obligation's status that views and reports read (ObligationStatus has them)."""

    @property
    def cycle(self) -> int: ...
    @property
    def measure(self) -> int: ...
    @property
    def participant(self) -> str: ...
    @property
    def state(self) -> ObligationState: ...
    @property
    def due(self) -> dt.date: ...
    @property
    def effective_due(self) -> dt.date: ...
    @property
    def submitted_at(self) -> dt.datetime | None: ...


class OpeningLike(Protocol):
    """What an opening event (live or imported) tells about the obligation."""

    @property
    def obligation_id(self) -> str: ...
    @property
    def cycle(self) -> int: ...
    @property
    def measure(self) -> int: ...
    @property
    def participant(self) -> str: ...
    @property
    def due(self) -> dt.date: ...
    @property
    def effective_due(self) -> dt.date: ...
    @property
    def milestones(self) -> tuple[Milestone, ...]: ...


def opened_status(event: OpeningLike, at: dt.datetime) -> ObligationStatus:
    """The status of an obligation that has just opened (live, or imported from a prior period)."""
    return ObligationStatus(
        id=event.obligation_id,
        cycle=event.cycle,
        measure=event.measure,
        participant=event.participant,
        state=ObligationState.OPEN,
        due=event.due,
        effective_due=event.effective_due,
        milestones=event.milestones,
        opened_at=at,
        events=1,
        last_event_at=at,
    )


@opens(ObligationOpened)
def _opened(event: ObligationOpened, at: dt.datetime) -> ObligationStatus:
    return opened_status(event, at)


@folds(ReminderSent)
def _reminder(prev: ObligationStatus, event: ReminderSent, at: dt.datetime) -> dict[str, Any]:
    return {"reminders_sent": prev.reminders_sent + 1}


@folds(DocumentSubmitted)
def _submitted(prev: ObligationStatus, event: DocumentSubmitted, at: dt.datetime) -> dict[str, Any]:
    changes: dict[str, Any] = {
        "state": unless_final(prev, ObligationState.SUBMITTED),
        "submitted_at": at,
        "submissions": prev.submissions + 1,
        "documents": prev.documents + event.documents,
    }
    if event.milestone is not None and event.milestone not in prev.submitted_milestones:
        changes["submitted_milestones"] = (*prev.submitted_milestones, event.milestone)
    return changes


@folds(SubmissionAccepted)
def _accepted(prev: ObligationStatus, event: SubmissionAccepted, at: dt.datetime) -> dict[str, Any]:
    if prev.state is ObligationState.WAIVED:
        return {}
    return {"state": ObligationState.ACCEPTED, "accepted_at": at}


@folds(SubmissionReturned)
def _returned(prev: ObligationStatus, event: SubmissionReturned, at: dt.datetime) -> dict[str, Any]:
    return {
        "state": unless_final(prev, ObligationState.RETURNED),
        "returned_at": at,
        "return_reason": event.reason,
    }


@folds(ObligationWaived)
def _waived(prev: ObligationStatus, event: ObligationWaived, at: dt.datetime) -> dict[str, Any]:
    if prev.state is ObligationState.ACCEPTED:
        return {}
    return {"state": ObligationState.WAIVED, "waived_at": at, "waive_reason": event.reason}


@folds(DeadlineExtended)
def _extended(prev: ObligationStatus, event: DeadlineExtended, at: dt.datetime) -> dict[str, Any]:
    # A new due date lifts the overdue state: the participant is back on time until the new date passes.
    state = ObligationState.OPEN if prev.state is ObligationState.OVERDUE else prev.state
    return {
        "due": event.due,
        "effective_due": event.effective_due,
        "extensions": prev.extensions + 1,
        "state": state,
        "deadline_missed": False,
        "escalated": False,
    }


@folds(DeadlineRetimed)
def _retimed(prev: ObligationStatus, event: DeadlineRetimed, at: dt.datetime) -> dict[str, Any]:
    # Like an extension for the state (a deadline missed under the old rule is lifted), but no extension
    # is counted: nobody granted more time.
    state = ObligationState.OPEN if prev.state is ObligationState.OVERDUE else prev.state
    return {
        "due": event.due,
        "effective_due": event.effective_due,
        "state": state,
        "deadline_missed": False,
        "escalated": False,
    }


@folds(DeadlineMissed)
def _missed(prev: ObligationStatus, event: DeadlineMissed, at: dt.datetime) -> dict[str, Any]:
    # A submission under review when the date passes stays under review: the delay is the reviewer's.
    keep = prev.state.is_final or prev.state is ObligationState.SUBMITTED
    return {"deadline_missed": True, "state": prev.state if keep else ObligationState.OVERDUE}


@folds(OverdueNoticeSent)
def _overdue_notice(prev: ObligationStatus, event: OverdueNoticeSent, at: dt.datetime) -> dict[str, Any]:
    return {"overdue_notices": prev.overdue_notices + 1}


@folds(Escalated)
def _escalated(prev: ObligationStatus, event: Escalated, at: dt.datetime) -> dict[str, Any]:
    return {"escalated": True}


@folds(NotificationFailed)
def _notification_failed(
    prev: ObligationStatus, event: NotificationFailed, at: dt.datetime
) -> dict[str, Any]:
    return {"notifications_failed": prev.notifications_failed + 1}


@folds(AnswerRevised)
def _revised(prev: ObligationStatus, event: AnswerRevised, at: dt.datetime) -> dict[str, Any]:
    # The decision stands: only the count and the latest version change.
    return {"revisions": prev.revisions + 1, "revised_at": at, "revised_form_version": event.form_version}


@folds(ObligationClosed)
def _closed(prev: ObligationStatus, event: ObligationClosed, at: dt.datetime) -> dict[str, Any]:
    return {"closed": True, "state": event.final_state}
