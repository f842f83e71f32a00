"""Opening a cycle: the cycle workflow starts each obligation once; the yearly schedule is in place."""

from __future__ import annotations

import asyncio

import pytest

from config.settings import load_settings
from domain.obligation.cycle_opening import CycleOpened, OpenCycleRequest
from domain.obligation.plan import obligations_for_cycle
from eci.runtime.schedule import SCHEDULE_ID
from eci.runtime.temporal_client import connect
from store.event_store import EventStore
from workflows.cycle import CycleWorkflow

pytestmark = pytest.mark.temporal


async def test_opening_a_cycle_twice_starts_each_obligation_once(worker_env: dict[str, str]) -> None:
    settings = load_settings()
    client = await connect(settings)
    request = OpenCycleRequest(cycle=2028, participant="50")
    plan = obligations_for_cycle(2028, participant="50")

    async def open_once(n: int) -> CycleOpened:
        return await client.execute_workflow(
            CycleWorkflow.run, request, id=f"cycle/test/{n}", task_queue=settings.temporal_task_queue
        )

    first, second = await open_once(1), await open_once(2)
    assert (first.running, first.closed) == (len(plan), 0)
    assert (second.running, second.closed) == (len(plan), 0)
    with EventStore.open(settings.effective_database_url) as store:
        for _ in range(400):
            opened = [[r.type for r in store.read_stream(o.id.stream)] for o in plan]
            if all(opened):
                break
            await asyncio.sleep(0.05)
    assert all(types.count("ObligationOpened") == 1 for types in opened)


async def test_the_yearly_schedule_opens_cycles_on_the_first_of_january_moscow_time(
    worker_env: dict[str, str],
) -> None:
    client = await connect(load_settings())
    described = await client.get_schedule_handle(SCHEDULE_ID).describe()
    spec = described.schedule.spec
    assert spec.time_zone_name == "Europe/Moscow"
    calendar = spec.calendars[0]
    assert [r.start for r in calendar.month] == [1]
    assert [r.start for r in calendar.day_of_month] == [1]
