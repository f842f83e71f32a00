"""`eci demo --drill`: start the drill's obligations and print each step as the event store records it.

A drill run replaces the previous drill's workflows (same ids, a new run), so it can be repeated; its
events carry the run id, so nothing of an earlier run is overwritten in the event store. `DrillStarted`
and `DrillEnded` on `drill/<cycle>` mark the drill in the log; at its end its workflows are stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import sys
import time
import uuid
from dataclasses import dataclass, field

from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy

from config.settings import Settings
from demo.drill import DRILL_CYCLE, drill_terms
from domain.actors import COORDINATOR
from domain.drill.events import DrillEnded, DrillStarted, drill_stream
from domain.eventing.metadata import EventMetadata
from domain.obligation.terms import ObligationTerms
from eci.demo.obligations import demo_regions
from eci.identity.principal import signed_in
from store.event_store import EventStore, NewEvent, RecordedEvent

WATCHED = ("ObligationOpened", "ReminderSent", "DeadlineMissed", "OverdueNoticeSent", "Escalated")
_LABELS = {
    "ObligationOpened": "открыто",
    "ReminderSent": "напоминание",
    "DeadlineMissed": "срок пропущен",
    "OverdueNoticeSent": "уведомление о просрочке",
    "Escalated": "эскалация координатору",
}


@dataclass(frozen=True)
class DrillStep:
    """One step seen in the event store: when it was recorded, for which obligation, what it was."""

    recorded_at: dt.datetime
    obligation_id: str
    type: str


@dataclass(frozen=True)
class DrillSummary:
    """The drill's obligations and the steps seen, in recording order."""

    cycle: int
    obligations: tuple[str, ...]
    deadline: dt.datetime
    steps: tuple[DrillStep, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        escalated = sum(1 for s in self.steps if s.type == "Escalated")
        seen = f"обязательств {len(self.obligations)}, шагов {len(self.steps)}, эскалаций {escalated}"
        return f"Учения завершены: {seen}."


async def start_drill(client: Client, settings: Settings, terms: list[ObligationTerms]) -> None:
    """Start the drill workflows, replacing any earlier drill run with the same ids."""
    from workflows.obligation import ObligationWorkflow
    from workflows.search_attributes import opening_attributes

    for item in terms:
        await client.start_workflow(
            ObligationWorkflow.run,
            item,
            id=item.workflow_id,
            task_queue=settings.temporal_task_queue,
            id_conflict_policy=WorkflowIDConflictPolicy.TERMINATE_EXISTING,
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
            search_attributes=opening_attributes(item),
        )


def _drill_event(store: EventStore, event: DrillStarted | DrillEnded) -> None:
    stream = drill_stream(DRILL_CYCLE)
    head = store.read_stream(stream)
    metadata = EventMetadata.for_actor(COORDINATOR, cause="eci demo --drill")
    store.append(stream, [NewEvent(event, uuid.uuid4(), metadata, dt.datetime.now(dt.UTC))], len(head))


def mark_started(store: EventStore, terms: list[ObligationTerms], ends_at: dt.datetime) -> None:
    """Record which obligations are the drill's, so readers mark the cycle (and leave it out once over)."""
    obligations = tuple(t.obligation_id for t in terms)
    event = DrillStarted(
        obligation_id=drill_stream(DRILL_CYCLE), cycle=DRILL_CYCLE, obligations=obligations, ends_at=ends_at
    )
    _drill_event(store, event)


async def end_drill(client: Client, store: EventStore, terms: list[ObligationTerms]) -> None:
    """Stop the drill's workflows (their clock would send an overdue notice every unit for ever) and
    record that the drill is over."""
    from temporalio.service import RPCError

    for item in terms:
        with contextlib.suppress(RPCError):
            await client.get_workflow_handle(item.workflow_id).terminate(reason="учения завершены")
    await asyncio.to_thread(
        _drill_event, store, DrillEnded(obligation_id=drill_stream(DRILL_CYCLE), cycle=DRILL_CYCLE)
    )


def _print(step: DrillStep, record: RecordedEvent) -> None:
    label = _LABELS[step.type]
    days = getattr(record.event, "days_before", None)
    extra = f" (за {days})" if days is not None else ""
    local = step.recorded_at.astimezone().strftime("%H:%M:%S")
    sys.stdout.write(f"{local}  {step.obligation_id:<14} {label}{extra}\n")
    sys.stdout.flush()


async def watch(
    store: EventStore, streams: set[str], since: int, until: float, *, echo: bool = True
) -> list[DrillStep]:
    """Follow the store from position `since` until every stream escalated or the time is up."""
    steps: list[DrillStep] = []
    escalated: set[str] = set()
    position = since
    while escalated != streams and time.monotonic() < until:
        for record in await asyncio.to_thread(lambda after=position: list(store.read_all(after))):
            position = record.position
            if record.stream in streams and record.type in WATCHED:
                step = DrillStep(record.recorded_at, record.event.obligation_id, record.type)
                steps.append(step)
                if echo:
                    _print(step, record)
                if record.type == "Escalated":
                    escalated.add(record.stream)
        await asyncio.sleep(0.2)
    return steps


async def drill(
    settings: Settings, *, lead: int, regions: int, unit: dt.timedelta, echo: bool = True
) -> DrillSummary:
    """Open the drill cycle `lead` units ahead and watch it through to the escalations."""
    from eci.runtime.temporal_client import connect, require_worker

    client = await connect(settings)
    await require_worker(client, settings)
    now = dt.datetime.now(dt.UTC)
    terms = drill_terms(now, demo_regions(regions), lead=lead, unit=unit)
    store = EventStore.open(settings.effective_database_url)
    try:
        store.sealer = signed_in(settings, store).sealer()  # the drill's marks are sealed by its runner
        head = store.head()
        deadline = terms[0].deadline.missed_at
        if echo:
            local = deadline.astimezone().strftime("%H:%M:%S")
            sys.stdout.write(f"Учения: {len(terms)} обязательств цикла {DRILL_CYCLE}, срок в {local}\n")
            sys.stdout.flush()
        allowed = dt.timedelta(seconds=(lead + 4) * unit.total_seconds() + 30)
        await asyncio.to_thread(mark_started, store, terms, now + allowed)
        try:
            await start_drill(client, settings, terms)
            until = time.monotonic() + allowed.total_seconds()
            streams = {t.workflow_id for t in terms}
            steps = await watch(store, streams, head[0] if head else 0, until, echo=echo)
        finally:
            await end_drill(client, store, terms)
    finally:
        store.close()
    return DrillSummary(DRILL_CYCLE, tuple(t.obligation_id for t in terms), deadline, tuple(steps))


def run_drill(settings: Settings, *, minutes: int = 6, regions: int = 3) -> DrillSummary:
    """`eci demo --drill`: deadlines `minutes` from now, one minute standing for one day."""
    return asyncio.run(drill(settings, lead=minutes, regions=regions, unit=dt.timedelta(minutes=1)))
