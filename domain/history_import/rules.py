"""The rules an imported row must obey, and the events it becomes.

A row is checked against the plan (the obligation must exist), the calendar (no date in the future, none
before the plan, each step after the one before it) and its own state (an accepted obligation has a
document and an acceptance date; the reported state must be what its dates lead to). A valid row becomes
a sequence of `*Imported` events, each at its business instant, with an id derived from the file's hash,
the line and the step, so the same file imported twice yields the very same events.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from domain.errors import DomainError
from domain.eventing.base import DomainEvent
from domain.history_import.events import (
    AcceptanceImported,
    DeadlineMissedImported,
    ImportSource,
    ObligationImported,
    ReturnImported,
    SubmissionImported,
    WaiverImported,
)
from domain.history_import.rows import ImportRow
from domain.moscow import MOSCOW
from domain.obligation.events import Milestone
from domain.obligation.id import ObligationId
from domain.obligation.lifecycle import Fact, next_state
from domain.obligation.states import ObligationState

PLAN_APPROVED = dt.date(2022, 12, 16)
_IMPORT_NAMESPACE = uuid.UUID("6f1c2b7e-5a3d-4c1e-9b8a-2d4e6f8a0c11")
_S = ObligationState
_WAITING = (_S.OPEN, _S.RETURNED)


class PlannedObligation(Protocol):
    """What the import needs to know of an obligation in the plan."""

    @property
    def due(self) -> dt.date: ...
    @property
    def effective_due(self) -> dt.date: ...
    @property
    def milestones(self) -> tuple[Milestone, ...]: ...


PlanLookup = Callable[[ObligationId], PlannedObligation]


@dataclass(frozen=True)
class PlannedEvent:
    """One event to append: its deterministic id, the event, and its business instant."""

    event_id: uuid.UUID
    event: DomainEvent
    occurred_at: dt.datetime


@dataclass(frozen=True)
class ImportedObligation:
    """A row turned into its stream's events, with the state they fold to."""

    line: int
    obligation: ObligationId
    events: tuple[PlannedEvent, ...]
    state: ObligationState
    plan: PlannedObligation

    @property
    def needs_workflow(self) -> bool:
        """Closed history needs no live workflow; an open obligation does."""
        return not self.state.is_final


def business_instant(day: dt.date, minute: int = 0) -> dt.datetime:
    """A business date as an instant: noon in Moscow, plus `minute` to keep same-day steps in order."""
    return dt.datetime.combine(day, dt.time(12, 0), MOSCOW) + dt.timedelta(minutes=minute)


def missed_instant(effective_due: dt.date) -> dt.datetime:
    """Midnight in Moscow after the effective due date: when the deadline counts as missed."""
    return dt.datetime.combine(effective_due + dt.timedelta(days=1), dt.time(0, 0), MOSCOW)


def event_id(file_sha256: str, line: int, step: str) -> uuid.UUID:
    """The same file, line and step always give the same event id."""
    return uuid.uuid5(_IMPORT_NAMESPACE, f"{file_sha256}/{line}/{step}")


def _check_dates(row: ImportRow, as_of: dt.date) -> None:
    steps = [
        ("submitted_on", row.submitted_on),
        ("returned_on", row.returned_on),
        ("resubmitted_on", row.resubmitted_on),
        ("accepted_on", row.accepted_on),
    ]
    dated = [*steps, ("waived_on", row.waived_on)]
    for name, day in [*dated, ("document_date", row.document.date if row.document else None)]:
        if day is not None and day > as_of:
            raise DomainError(f"`{name}`: дата {day:%d.%m.%Y} ещё не наступила", "date_in_future")
    for name, day in dated:
        if day is not None and day < PLAN_APPROVED:
            raise DomainError(
                f"`{name}`: дата {day:%d.%m.%Y} раньше утверждения плана ({PLAN_APPROVED:%d.%m.%Y})",
                "date_before_plan",
            )
    present = [(n, d) for n, d in steps if d is not None]
    for (a, da), (b, db) in zip(present, present[1:], strict=False):
        if db < da:
            raise DomainError(
                f"`{b}` ({db:%d.%m.%Y}) раньше, чем `{a}` ({da:%d.%m.%Y})", "dates_out_of_order"
            )
    if row.document and row.submitted_on and row.document.date > row.submitted_on:
        raise DomainError(
            f"`document_date` ({row.document.date:%d.%m.%Y}) позже, чем `submitted_on` "
            f"({row.submitted_on:%d.%m.%Y})",
            "document_after_submission",
        )
    if row.waived_on and row.submitted_on and row.waived_on < row.submitted_on:
        raise DomainError(
            f"`waived_on` ({row.waived_on:%d.%m.%Y}) раньше, чем `submitted_on` "
            f"({row.submitted_on:%d.%m.%Y})",
            "waived_before_submission",
        )


def _check_shape(row: ImportRow) -> None:
    if (row.returned_on is None) != (row.return_reason is None):
        raise DomainError("`returned_on` и `return_reason` заполняются вместе", "return_incomplete")
    if (row.waived_on is None) != (row.waive_reason is None):
        raise DomainError("`waived_on` и `waive_reason` заполняются вместе", "waiver_incomplete")
    if row.resubmitted_on and not row.returned_on:
        raise DomainError("`resubmitted_on` заполнен без `returned_on`", "resubmission_without_return")
    if (row.returned_on or row.accepted_on) and not row.submitted_on:
        raise DomainError("для возврата или принятия нужен `submitted_on`", "no_submission")
    if row.submitted_on and row.document is None:
        raise DomainError("для сдачи нужны реквизиты документа (вид, номер, дата, кем выдан)", "no_document")
    if row.accepted_on and row.waived_on:
        raise DomainError(
            "обязательство либо принято, либо снято, но не то и другое сразу", "accepted_and_waived"
        )
    if row.returned_on and row.accepted_on and not row.resubmitted_on:
        raise DomainError("для принятия после возврата нужен `resubmitted_on`", "no_resubmission")
    if row.state is _S.ACCEPTED and row.document is None:
        raise DomainError(
            "у принятого обязательства должны быть реквизиты документа (вид, номер, дата, кем выдан)",
            "no_document",
        )
    if row.state is _S.ACCEPTED and row.accepted_on is None:
        raise DomainError(
            "у принятого обязательства должен быть заполнен `accepted_on`", "no_acceptance_date"
        )
    if row.state is _S.WAIVED and row.waived_on is None:
        raise DomainError(
            "у снятого обязательства должны быть заполнены `waived_on` и `waive_reason`", "waiver_incomplete"
        )


def _steps(row: ImportRow, plan: PlannedObligation, as_of: dt.date) -> list[tuple[str, dt.datetime]]:
    """The row's steps at their instants, with the missed deadline where a live workflow would mark it:
    at the missed instant if nothing is under review then, else right after a later return."""
    steps: list[tuple[str, dt.datetime]] = []
    for n, (name, day) in enumerate(
        [
            ("submitted", row.submitted_on),
            ("returned", row.returned_on),
            ("resubmitted", row.resubmitted_on),
            ("accepted", row.accepted_on),
            ("waived", row.waived_on),
        ]
    ):
        if day is not None:
            steps.append((name, business_instant(day, n)))
    steps.sort(key=lambda s: s[1])
    missed_at = missed_instant(plan.effective_due)
    if plan.effective_due >= as_of:
        return steps
    state = _S.OPEN
    for index, (step, at) in enumerate(steps):
        if at >= missed_at and state in _WAITING:
            return [*steps[:index], ("missed", missed_at), *steps[index:]]
        state = reference_state([step], state)
        if at >= missed_at and state in _WAITING:
            return [*steps[: index + 1], ("missed", at + dt.timedelta(seconds=1)), *steps[index + 1 :]]
    return [*steps, ("missed", missed_at)] if state in _WAITING else steps


_FACTS = {
    "submitted": Fact.SUBMITTED,
    "resubmitted": Fact.SUBMITTED,
    "returned": Fact.RETURNED,
    "accepted": Fact.ACCEPTED,
    "waived": Fact.WAIVED,
    "missed": Fact.DEADLINE_MISSED,
}


def reference_state(steps: Sequence[str], state: ObligationState = _S.OPEN) -> ObligationState:
    """The state a sequence of steps leads to, by the obligation's one state machine."""
    for step in steps:
        state = next_state(state, _FACTS[step])
    return state


def _event(step: str, row: ImportRow, plan: PlannedObligation, source: ImportSource) -> DomainEvent:
    oid = str(row.obligation)
    if step in ("submitted", "resubmitted"):
        assert row.document is not None  # _check_shape guarantees it
        day = row.submitted_on if step == "submitted" else row.resubmitted_on
        assert day is not None
        return SubmissionImported(
            obligation_id=oid,
            submitted_on=day,
            documents=(row.document,),
            resubmission=step == "resubmitted",
            source=source,
        )
    if step == "returned":
        assert row.returned_on
        assert row.return_reason
        return ReturnImported(
            obligation_id=oid, returned_on=row.returned_on, reason=row.return_reason, source=source
        )
    if step == "accepted":
        assert row.accepted_on
        return AcceptanceImported(obligation_id=oid, accepted_on=row.accepted_on, source=source)
    if step == "waived":
        assert row.waived_on
        assert row.waive_reason
        return WaiverImported(
            obligation_id=oid, waived_on=row.waived_on, reason=row.waive_reason, source=source
        )
    return DeadlineMissedImported(
        obligation_id=oid, due=plan.due, effective_due=plan.effective_due, source=source
    )


def plan_row(
    row: ImportRow, plan: PlannedObligation, as_of: dt.date, file_name: str, file_sha256: str
) -> ImportedObligation:
    """Check one row against its plan obligation and turn it into events; errors name no line."""
    _check_shape(row)
    _check_dates(row, as_of)
    steps = _steps(row, plan, as_of)
    state = reference_state([s for s, _ in steps])
    if state is not row.state:
        raise DomainError(
            f"состояние «{row.state.value}» не согласуется с датами: по ним выходит «{state.value}»",
            "state_contradicts_dates",
        )
    if state is _S.OPEN and plan.effective_due < as_of:
        raise DomainError(
            f"срок {plan.effective_due:%d.%m.%Y} прошёл: состояние должно быть «{_S.OVERDUE.value}»",
            "deadline_passed",
        )
    source = ImportSource(file_name=file_name, file_sha256=file_sha256, line=row.line)
    oid = row.obligation
    first = min([t for _, t in steps], default=None)
    opened_at = dt.datetime.combine(dt.date(oid.cycle, 1, 1), dt.time(0, 0), MOSCOW)
    if first is not None and first < opened_at:
        opened_at = dt.datetime.combine(first.date(), dt.time(0, 0), MOSCOW)
    opened = ObligationImported(
        obligation_id=str(oid),
        cycle=oid.cycle,
        measure=oid.measure,
        participant=oid.participant,
        due=plan.due,
        effective_due=plan.effective_due,
        milestones=plan.milestones,
        reported_state=row.state,
        source=source,
    )
    events = [PlannedEvent(event_id(file_sha256, row.line, "opened"), opened, opened_at)]
    for step, at in steps:
        event = _event(step, row, plan, source)
        events.append(PlannedEvent(event_id(file_sha256, row.line, step), event, at))
    return ImportedObligation(row.line, oid, tuple(events), state, plan)


def plan_import(
    rows: Sequence[ImportRow], lookup: PlanLookup, as_of: dt.date, file_name: str, file_sha256: str
) -> list[ImportedObligation]:
    """Check every row and plan its events; the first bad row raises `DomainError` naming its line."""
    seen: dict[ObligationId, int] = {}
    planned: list[ImportedObligation] = []
    for row in rows:
        try:
            if row.obligation in seen:
                raise DomainError(
                    f"обязательство {row.obligation} уже указано в строке {seen[row.obligation]}",
                    "duplicate_obligation",
                )
            seen[row.obligation] = row.line
            try:
                plan = lookup(row.obligation)
            except DomainError as exc:
                raise DomainError(
                    f"неизвестное обязательство {row.obligation}: {exc}", "unknown_obligation"
                ) from None
            planned.append(plan_row(row, plan, as_of, file_name, file_sha256))
        except DomainError as exc:
            raise DomainError(f"строка {row.line}: {exc}", exc.code) from None
    return planned
