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
from domain.obligation.lifecycle import Fact, next_state
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


def submission(
    prev: ObligationStatus,
    at: dt.datetime,
    documents: tuple[SubmittedDocument, ...] = (),
    milestone: str | None = None,
) -> dict[str, Any]:
    """Documents came in (recorded live with their files, or imported with their details only)."""
    changes: dict[str, Any] = {
        "state": next_state(prev.state, Fact.SUBMITTED),
        "submitted_at": at,
        "submissions": prev.submissions + 1,
        "documents": prev.documents + documents,
    }
    if milestone is not None and milestone not in prev.submitted_milestones:
        changes["submitted_milestones"] = (*prev.submitted_milestones, milestone)
    return changes


@folds(DocumentSubmitted)
def on_submitted(prev: ObligationStatus, event: DocumentSubmitted, at: dt.datetime) -> dict[str, Any]:
    return submission(prev, at, event.documents, event.milestone)


class _Reasoned(Protocol):
    @property
    def reason(self) -> str: ...


@folds(SubmissionAccepted)
def on_accepted(prev: ObligationStatus, event: DomainEvent, at: dt.datetime) -> dict[str, Any]:
    """Accepted, live or imported: a waived obligation stays waived."""
    if prev.state is ObligationState.WAIVED:
        return {}
    return {"state": ObligationState.ACCEPTED, "accepted_at": at}


@folds(SubmissionReturned)
def on_returned(prev: ObligationStatus, event: _Reasoned, at: dt.datetime) -> dict[str, Any]:
    """Returned for rework, live or imported."""
    return {"state": next_state(prev.state, Fact.RETURNED), "returned_at": at, "return_reason": event.reason}


@folds(ObligationWaived)
def on_waived(prev: ObligationStatus, event: _Reasoned, at: dt.datetime) -> dict[str, Any]:
    """Waived, live or imported: an accepted obligation stays accepted."""
    if prev.state is ObligationState.ACCEPTED:
        return {}
    return {"state": ObligationState.WAIVED, "waived_at": at, "waive_reason": event.reason}


def _deadline_moved(prev: ObligationStatus, event: DeadlineExtended | DeadlineRetimed) -> dict[str, Any]:
    return {
        "due": event.due,
        "effective_due": event.effective_due,
        "state": next_state(prev.state, Fact.DEADLINE_MOVED),
        "deadline_missed": False,
        "escalated": False,
    }


@folds(DeadlineExtended)
def on_extended(prev: ObligationStatus, event: DeadlineExtended, at: dt.datetime) -> dict[str, Any]:
    return {**_deadline_moved(prev, event), "extensions": prev.extensions + 1}


@folds(DeadlineRetimed)
def on_retimed(prev: ObligationStatus, event: DeadlineRetimed, at: dt.datetime) -> dict[str, Any]:
    # Like an extension for the state, but no extension is counted: nobody granted more time.
    return _deadline_moved(prev, event)


@folds(DeadlineMissed)
def on_missed(prev: ObligationStatus, event: DomainEvent, at: dt.datetime) -> dict[str, Any]:
    """The deadline passed, live or imported."""
    return {"deadline_missed": True, "state": next_state(prev.state, Fact.DEADLINE_MISSED)}


@folds(OverdueNoticeSent)
def on_overdue_notice(prev: ObligationStatus, event: OverdueNoticeSent, at: dt.datetime) -> dict[str, Any]:
    return {"overdue_notices": prev.overdue_notices + 1}


@folds(Escalated)
def on_escalated(prev: ObligationStatus, event: Escalated, at: dt.datetime) -> dict[str, Any]:
    return {"escalated": True}


@folds(NotificationFailed)
def on_notification_failed(
    prev: ObligationStatus, event: NotificationFailed, at: dt.datetime
) -> dict[str, Any]:
    return {"notifications_failed": prev.notifications_failed + 1}


@folds(AnswerRevised)
def on_answer_revised(prev: ObligationStatus, event: AnswerRevised, at: dt.datetime) -> dict[str, Any]:
    # The decision stands: only the count and the latest version change.
    return {"revisions": prev.revisions + 1, "revised_at": at, "revised_form_version": event.form_version}


@folds(ObligationClosed)
def on_closed(prev: ObligationStatus, event: ObligationClosed, at: dt.datetime) -> dict[str, Any]:
    return {"closed": True, "state": event.final_state}
