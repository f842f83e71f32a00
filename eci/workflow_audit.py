"""`eci audit workflows ID`: replay an obligation's Temporal history against today's workflow code and
compare the events it asked to record with what the event store holds.

Temporal's history expires with the namespace retention; while it lasts, this proves that the code still
reproduces what happened (determinism) and that the store recorded exactly the steps the workflow took.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.service import RPCError
from temporalio.worker import Replayer

from domain.eventing.record_request import RecordRequest
from domain.obligation.id import ObligationId
from eci.errors import EciError
from store.event_store import EventStore
from workflows.names import RECORD_ACTIVITY
from workflows.registry import WORKFLOWS

LOCAL_ACTIVITY_MARKER = "core_local_activity"


@dataclass(frozen=True)
class Step:
    """One event as the workflow asked for it, or as the store holds it.

    A local activity's marker keeps its result (the stream version written), not its input, so a step
    read from one is known by version until matched with the store."""

    event_id: str | None
    type: str | None
    run_id: str | None
    version: int | None = None


@dataclass(frozen=True)
class WorkflowAudit:
    """The verdict on one obligation's workflow."""

    workflow_id: str
    run_id: str
    history_events: int
    deterministic: bool
    replay_error: str | None
    requested: tuple[Step, ...]
    stored: tuple[Step, ...]
    missing_from_store: tuple[Step, ...]
    not_requested: tuple[Step, ...]
    runs: int = 1  # more than one when the workflow continued as new; all of them are audited

    @property
    def matches(self) -> bool:
        """Every completed recording request is in the store, and the store has nothing else from this run."""
        return not self.missing_from_store and not self.not_requested

    @property
    def ok(self) -> bool:
        """Deterministic and matching."""
        return self.deterministic and self.matches


def requested_steps(history: WorkflowHistory, run_id: str) -> list[Step]:
    """The recordings the workflow made and saw complete, in history order: activities (with the event
    they carried) and local activities (with the stream version they wrote)."""
    scheduled: dict[int, Step] = {}
    completed: list[Step] = []
    converter = pydantic_data_converter.payload_converter
    for event in history.events:
        if event.event_type == EventType.EVENT_TYPE_MARKER_RECORDED:
            local = _local_recording(event.marker_recorded_event_attributes, run_id)
            if local is not None:
                completed.append(local)
        elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            attrs = event.activity_task_scheduled_event_attributes
            if attrs.activity_type.name != RECORD_ACTIVITY:
                continue
            [request] = converter.from_payloads(list(attrs.input.payloads), [RecordRequest])
            step = Step(str(request.event_id), request.event_type, request.metadata.run_id)
            scheduled[event.event_id] = step
        elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
            done = scheduled.get(event.activity_task_completed_event_attributes.scheduled_event_id)
            if done is not None:
                completed.append(done)
    return completed


def _local_recording(attrs: Any, run_id: str) -> Step | None:
    if attrs.marker_name != LOCAL_ACTIVITY_MARKER or "result" not in attrs.details:
        return None
    data = json.loads(attrs.details["data"].payloads[0].data)
    if data.get("activity_type") != RECORD_ACTIVITY:
        return None
    version = json.loads(attrs.details["result"].payloads[0].data)
    return Step(None, None, run_id, int(version))


def resolve(requested: list[Step], stored: list[Step]) -> list[Step]:
    """Steps known only by version, named by the stored event of the same run at that version."""
    by_version = {(s.run_id, s.version): s for s in stored}
    return [by_version.get((r.run_id, r.version), r) if r.event_id is None else r for r in requested]


def compare(requested: list[Step], stored: list[Step], run_ids: set[str]) -> tuple[list[Step], list[Step]]:
    """(requested but not stored, stored from these runs but never requested)."""
    stored_ids = {s.event_id for s in stored}
    requested_ids = {s.event_id for s in requested if s.event_id is not None}
    missing = [s for s in requested if s.event_id is None or s.event_id not in stored_ids]
    extra = [s for s in stored if s.run_id in run_ids and s.event_id not in requested_ids]
    return missing, extra


async def audit_workflow(
    client: Client, store: EventStore, obligation: str, workflows: Sequence[type] = WORKFLOWS
) -> WorkflowAudit:
    """Fetch, replay (against `workflows`, today's code by default) and compare one obligation's history:
    every run of it, when it continued as new, since the store holds one stream for all of them."""
    oid = ObligationId.parse(obligation)
    try:
        histories = await run_histories(client, oid.workflow_id)
    except RPCError as exc:
        raise EciError(
            f"в Temporal нет истории процесса {oid.workflow_id}: {exc.message}", 1, code="no_history"
        ) from None
    replayer = Replayer(workflows=workflows, data_converter=pydantic_data_converter)
    failures: list[Exception] = []
    for history in histories:
        result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
        if result.replay_failure is not None:
            failures.append(result.replay_failure)
    stored = [
        Step(str(r.event_id), r.type, r.metadata.run_id, r.version) for r in store.read_stream(oid.stream)
    ]
    requested: list[Step] = []
    for history in histories:
        requested += requested_steps(history, _run_id(history))
    requested = resolve(requested, stored)
    current = histories[-1]
    missing, extra = compare(requested, stored, {_run_id(h) for h in histories})
    return WorkflowAudit(
        workflow_id=oid.workflow_id,
        run_id=_run_id(current),
        history_events=len(current.events),
        deterministic=not failures,
        replay_error=str(failures[0]) if failures else None,
        requested=tuple(requested),
        stored=tuple(stored),
        missing_from_store=tuple(missing),
        not_requested=tuple(extra),
        runs=len(histories),
    )


async def run_histories(client: Client, workflow_id: str) -> list[WorkflowHistory]:
    """The histories of a workflow's runs, first to current, following continue-as-new backwards."""
    histories = [await client.get_workflow_handle(workflow_id).fetch_history()]
    while True:
        first: Any = histories[0].events[0] if histories[0].events else None
        started = None if first is None else first.workflow_execution_started_event_attributes
        previous = "" if started is None else started.continued_execution_run_id
        if not previous:
            return histories
        histories.insert(0, await client.get_workflow_handle(workflow_id, run_id=previous).fetch_history())


def _run_id(history: WorkflowHistory) -> str:
    first: Any = history.events[0] if history.events else None
    if first is None:
        return ""
    return str(first.workflow_execution_started_event_attributes.original_execution_run_id)
