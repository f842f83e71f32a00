"""Durability on the real dev server: a worker SIGKILLed mid-activity, and the server itself restarted."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fixtures_temporal import NoticeLog, WorkerProcess, free_port, make_terms

from activities.cycle import start_obligation, start_obligations
from config.settings import Settings, load_settings
from domain.actors import Actor
from domain.documents import DocumentDetails, DocumentKind
from domain.obligation.progress import ObligationProgress
from domain.obligation.states import ObligationState
from domain.obligation.terms import ObligationTerms
from eci import actions
from eci.runtime.devserver import DevServer, start_dev_server
from eci.runtime.temporal_client import connect
from eci.runtime.worker import run_worker
from store.event_store import EventStore
from workflows.obligation import ObligationWorkflow

pytestmark = [pytest.mark.temporal, pytest.mark.slow]


def streams(settings: Settings, terms: list[ObligationTerms]) -> dict[str, list[str]]:
    with EventStore.open(settings.effective_database_url) as store:
        return {t.obligation_id: [r.type for r in store.read_stream(t.workflow_id)] for t in terms}


async def until(condition: object, seconds: float = 30.0) -> None:
    """Wait for `condition()` to hold, checking every 50 ms."""
    for _ in range(int(seconds / 0.05)):
        if condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the condition never held")


async def test_a_worker_killed_mid_activity_loses_nothing_and_doubles_nothing(
    worker_process: WorkerProcess, worker_env: dict[str, str], tmp_path: Path
) -> None:
    settings = load_settings()
    now = dt.datetime.now(dt.UTC)
    cycle = make_terms(now).cycle
    terms = [make_terms(now, cycle=cycle, measure=m) for m in range(1, 13)]
    client = await connect(settings)
    await start_obligations(client, settings.temporal_task_queue, terms)
    await until(lambda: all(streams(settings, terms).values()))
    doc = tmp_path / "doc.pdf"
    doc.write_bytes(b"%PDF-1.4")
    details = DocumentDetails(
        kind=DocumentKind.REPORT, number="1", date=dt.date(2025, 2, 1), issuer="Минздрав"
    )
    region = Actor.parse("region:77")
    submits = [
        asyncio.create_task(
            actions.submit(settings, region, t.obligation_id, [actions.DocumentUpload(details, doc)])
        )
        for t in terms
    ]
    # Kill as soon as the first submission is recorded: the others are mid-flight somewhere.
    await until(lambda: any("DocumentSubmitted" in s for s in streams(settings, terms).values()))
    worker_process.kill()
    worker_process.spawn()
    await worker_process.until_polling()
    results = await asyncio.gather(*submits)

    assert [r.state for r in results] == [ObligationState.SUBMITTED] * len(terms)
    for types in streams(settings, terms).values():
        assert types.count("ObligationOpened") == 1
        assert types.count("DocumentSubmitted") == 1


@pytest.fixture
async def own_server(tmp_path: Path) -> AsyncIterator[DevServer]:
    """A dev server of this test's own (it will be stopped and restarted on the same database)."""
    server = start_dev_server(tmp_path / "temporal.sqlite3", "127.0.0.1", free_port())
    yield server
    server.stop()


async def test_a_restarted_server_resumes_timers_and_workflows_from_its_database(
    own_server: DevServer, data_dir: Path, notice_log: NoticeLog, tmp_path: Path
) -> None:
    port, db = own_server.port, tmp_path / "temporal.sqlite3"
    settings = Settings(
        data_dir=data_dir, temporal_address=f"127.0.0.1:{port}", temporal_task_queue="restart"
    )
    client = await connect(settings)
    stop = asyncio.Event()
    worker = asyncio.create_task(run_worker(settings, stop, client, notice=notice_log.send_notice))
    now = dt.datetime.now(dt.UTC)
    terms = make_terms(now, due_in=dt.timedelta(days=1, seconds=5), reminder_days=(1,))
    assert await start_obligation(client, settings.temporal_task_queue, terms)
    await until(lambda: streams(settings, [terms])[terms.obligation_id] == ["ObligationOpened"])

    await asyncio.to_thread(own_server.stop)
    second = await asyncio.to_thread(start_dev_server, db, "127.0.0.1", port)
    try:
        await until(lambda: streams(settings, [terms])[terms.obligation_id][-1:] == ["ReminderSent"], 40)
        assert notice_log.kinds() == ["reminder"]
        handle = client.get_workflow_handle(terms.workflow_id)
        status = await handle.query(ObligationWorkflow.status, result_type=ObligationProgress)
        assert status.reminders_sent == 1
        assert status.state is ObligationState.OPEN
    finally:
        stop.set()
        await worker
        second.stop()
