"""Starting obligation workflows: one cycle at a time, concurrency-limited, never twice."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from temporalio import activity
from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from domain.obligation.cycle_opening import CycleOpened, OpenCycleRequest
from domain.obligation.plan import obligations_for_cycle
from domain.obligation.start import terms_for
from domain.obligation.terms import ObligationTerms
from workflows.names import OPEN_CYCLE_ACTIVITY
from workflows.obligation import ObligationWorkflow
from workflows.search_attributes import opening_attributes

START_CONCURRENCY = 50


async def start_obligation(client: Client, task_queue: str, terms: ObligationTerms) -> bool:
    """Start one obligation's workflow; True if it runs (new or already), False if it is closed for good."""
    try:
        await client.start_workflow(
            ObligationWorkflow.run,
            terms,
            id=terms.workflow_id,
            task_queue=task_queue,
            # A running obligation is reused; a closed one keeps its final history and is never rerun.
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            search_attributes=opening_attributes(terms),
        )
    except WorkflowAlreadyStartedError:
        return False
    return True


async def start_obligations(
    client: Client, task_queue: str, terms: Sequence[ObligationTerms], concurrency: int = START_CONCURRENCY
) -> tuple[int, int]:
    """Start many obligations with at most `concurrency` starts in flight; (running, closed) counts."""
    gate = asyncio.Semaphore(concurrency)

    async def one(item: ObligationTerms) -> bool:
        async with gate:
            return await start_obligation(client, task_queue, item)

    results = await asyncio.gather(*(one(t) for t in terms))
    running = sum(results)
    return running, len(results) - running


async def open_cycle(client: Client, task_queue: str, request: OpenCycleRequest) -> CycleOpened:
    """Start the workflows of every obligation the plan sets for the cycle."""
    began = time.monotonic()
    cycle = request.year()
    plan = obligations_for_cycle(cycle, participant=request.participant)
    terms = [terms_for(o, opened_by=request.opened_by) for o in plan]
    running, closed = await start_obligations(client, task_queue, terms)
    return CycleOpened(
        cycle=cycle, running=running, closed=closed, seconds=round(time.monotonic() - began, 3)
    )


class CycleActivities:
    """The cycle-opening activity, holding the worker's client to start workflows with."""

    def __init__(self, client: Client, task_queue: str) -> None:
        self._client = client
        self._task_queue = task_queue

    @activity.defn(name=OPEN_CYCLE_ACTIVITY)
    async def open_cycle(self, request: OpenCycleRequest) -> CycleOpened:
        """Open the requested cycle (idempotent: a second run starts nothing twice)."""
        return await open_cycle(self._client, self._task_queue, request)
