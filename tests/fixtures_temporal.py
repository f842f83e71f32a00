"""Temporal fixtures (dev server, time-skipping test server, workers), shared by every test package."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fixtures_identity import grant_every_role
from signing_kit import check_signer, vet_signer
from temporalio import activity
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.eventing.record_request import RecordRequest
from domain.obligation.notices import NoticeRequest, NoticeResult
from domain.obligation.terms import CURRENT_REVISION, Deadline, ObligationTerms, ReminderAt
from eci.runtime.devserver import DevServer, start_dev_server
from workflows.names import NOTICE_ACTIVITY, RECORD_ACTIVITY
from workflows.obligation import ObligationWorkflow

BIN = Path(sys.executable).parent
# Each test obligation gets a cycle of its own, so workflow ids never meet on the session's server.
_CYCLES = itertools.count(3001)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class NoticeLog:
    """A stand-in `send_notice` activity that remembers what it was asked to send."""

    sent: list[NoticeRequest] = field(default_factory=list)

    @activity.defn(name=NOTICE_ACTIVITY)
    async def send_notice(self, request: NoticeRequest) -> NoticeResult:
        """Remember the notice; answer with a Message-ID derived from its step."""
        self.sent.append(request)
        return NoticeResult(message_ids=(f"<{request.step}@test>",))

    def kinds(self) -> list[str]:
        """The kinds of the notices sent, in order."""
        return [n.kind.value for n in self.sent]


@dataclass
class EventLog:
    """A stand-in `record_event` activity keeping events in memory, idempotent by event id."""

    records: dict[uuid.UUID, RecordRequest] = field(default_factory=dict)

    @activity.defn(name=RECORD_ACTIVITY)
    async def record_event(self, request: RecordRequest) -> int:
        """Keep the event once (a signed action's only if its signer is the test key)."""
        vet_signer(request)
        self.records.setdefault(request.event_id, request)
        return len(self.records)

    def types(self) -> list[str]:
        """Event types in the order recorded."""
        return [r.event_type for r in self.records.values()]


def make_terms(
    now: dt.datetime,
    *,
    participant: str = "77",
    measure: int = 5,
    cycle: int | None = None,
    due_in: dt.timedelta = dt.timedelta(days=40),
    reminder_days: tuple[int, ...] = (30, 14, 7, 1),
    milestones: tuple[Any, ...] = (),
) -> ObligationTerms:
    """Terms of a test obligation whose deadline lies `due_in` after `now` (instants near `now`)."""
    cycle = cycle if cycle is not None else next(_CYCLES)
    missed_at = now + due_in
    due = (missed_at - dt.timedelta(days=1)).date()
    reminders = tuple(
        ReminderAt(at=missed_at - dt.timedelta(days=d), days_before=d)
        for d in reminder_days
        if missed_at - dt.timedelta(days=d) > now
    )
    return ObligationTerms(
        obligation_id=f"{cycle}/{measure:02d}/{participant}",
        cycle=cycle,
        measure=measure,
        participant=participant,
        district="central",
        deadline=Deadline(due=due, effective_due=due, missed_at=missed_at, reminders=reminders),
        milestones=milestones,
        revision=CURRENT_REVISION,
    )


def start_recorded(*terms: ObligationTerms) -> None:
    """Start obligation workflows (on the settings' server) and wait until each has recorded its opening."""
    from activities.cycle import start_obligations
    from config.settings import load_settings
    from eci.runtime.temporal_client import connect
    from store.event_store import EventStore

    async def go() -> None:
        settings = load_settings()
        client = await connect(settings)
        await start_obligations(client, settings.temporal_task_queue, terms)

    asyncio.run(go())
    with EventStore.open(load_settings().effective_database_url) as store:
        for _ in range(400):
            if all(store.read_stream(t.workflow_id) for t in terms):
                return
            time.sleep(0.05)
    raise AssertionError("the obligations' openings were never recorded")


def stream_types(terms: ObligationTerms) -> list[str]:
    """The types of the events recorded on the obligation's stream, in order (the settings' store)."""
    from config.settings import load_settings
    from store.event_store import EventStore

    with EventStore.open(load_settings().effective_database_url) as store:
        return [r.type for r in store.read_stream(terms.workflow_id)]


async def until_recorded(terms: ObligationTerms, event_type: str) -> None:
    """Wait until the workflow's activity has recorded `event_type` (activities run after the start)."""
    for _ in range(300):
        if event_type in stream_types(terms):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{event_type} was never recorded")


@pytest.fixture
def notice_log() -> NoticeLog:
    """Notices sent during one test."""
    return NoticeLog()


@pytest.fixture
def event_log() -> EventLog:
    """Events recorded during one test (in-memory store)."""
    return EventLog()


@pytest.fixture
async def time_skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    """The time-skipping test server: days of timers pass in milliseconds."""
    env = await WorkflowEnvironment.start_time_skipping(
        data_converter=pydantic_data_converter,
        test_server_existing_path=str(BIN / "temporal-test-server"),
    )
    try:
        yield env
    finally:
        await env.shutdown()


@pytest.fixture
async def skipping_worker(
    time_skipping_env: WorkflowEnvironment, notice_log: NoticeLog, event_log: EventLog
) -> AsyncIterator[str]:
    """A worker on the time-skipping server with in-memory activities; yields its task queue."""
    queue = f"clock-{uuid.uuid4()}"
    worker = Worker(
        time_skipping_env.client,
        task_queue=queue,
        workflows=[ObligationWorkflow],
        activities=[notice_log.send_notice, event_log.record_event, check_signer],
    )
    async with worker:
        yield queue


def dev_server_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    """A file-backed dev server in a fresh temporary folder, stopped when the generator closes."""
    db = tmp_path_factory.mktemp("temporal") / "temporal.sqlite3"
    server = start_dev_server(db, "127.0.0.1", free_port())
    yield server
    server.stop()


@pytest.fixture(scope="session")
def temporal_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    """One file-backed dev server for the whole session (with the obligation search attributes)."""
    yield from dev_server_in(tmp_path_factory)


@pytest.fixture
def temporal_env(temporal_server: DevServer, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the settings at the session's dev server with a task queue of this test's own."""
    queue = f"eci-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("ECI_TEMPORAL_ADDRESS", temporal_server.address)
    monkeypatch.setenv("ECI_TEMPORAL_TASK_QUEUE", queue)
    grant_every_role()
    return queue


@pytest.fixture
async def temporal_client(temporal_env: str) -> Client:
    """A client of the session's dev server."""
    from config.settings import load_settings
    from eci.runtime.temporal_client import connect

    return await connect(load_settings())


@pytest.fixture
async def running_worker(temporal_client: Client, notice_log: NoticeLog) -> AsyncIterator[None]:
    """The real worker (real event store under the test's data dir) with notices kept in memory."""
    from config.settings import load_settings
    from eci.runtime.worker import run_worker

    stop = asyncio.Event()
    task = asyncio.create_task(
        run_worker(load_settings(), stop, temporal_client, notice=notice_log.send_notice)
    )
    await _until_polling(temporal_client, task)
    try:
        yield
    finally:
        stop.set()
        await task


async def _until_polling(client: Client, task: asyncio.Task[None]) -> None:
    from config.settings import load_settings
    from eci.runtime.temporal_client import require_worker

    settings = load_settings()
    for _ in range(200):
        if task.done():
            task.result()
        try:
            await require_worker(client, settings)
            return
        except Exception:  # noqa: BLE001 - not polling yet
            await asyncio.sleep(0.05)
    raise TimeoutError("the worker did not start polling")


@dataclass
class WorkerProcess:
    """`eci worker` as a child process (so a test can SIGKILL it), with the environment it runs in."""

    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the worker and wait until it polls its task queue."""
        self.spawn()
        asyncio.run(self.until_polling())

    def spawn(self) -> None:
        """Start the worker process without waiting for it."""
        self.process = subprocess.Popen(
            [str(BIN / "eci"), "worker"], env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    async def until_polling(self) -> None:
        """Wait until the started worker polls its task queue."""
        from config.settings import Settings
        from eci.runtime.temporal_client import connect, require_worker

        settings = Settings(
            data_dir=Path(self.env["ECI_DATA_DIR"]),
            temporal_address=self.env["ECI_TEMPORAL_ADDRESS"],
            temporal_task_queue=self.env["ECI_TEMPORAL_TASK_QUEUE"],
        )
        client = await connect(settings)
        for _ in range(300):
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError("the worker exited before polling")
            try:
                await require_worker(client, settings)
                return
            except Exception:  # noqa: BLE001 - not polling yet
                await asyncio.sleep(0.05)
        raise TimeoutError("the worker did not start polling")

    def kill(self) -> None:
        """SIGKILL: no shutdown, activities cut off wherever they are."""
        assert self.process is not None
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        """SIGTERM and wait for a graceful exit."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)


@pytest.fixture(scope="module")
def worker_process(
    temporal_server: DevServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    """One `eci worker` child process per test module, with a data dir and task queue of its own."""
    env = {
        "ECI_DATA_DIR": str(tmp_path_factory.mktemp("eci-worker-data")),
        "ECI_TEMPORAL_ADDRESS": temporal_server.address,
        "ECI_TEMPORAL_TASK_QUEUE": f"eci-worker-{uuid.uuid4().hex[:12]}",
    }
    worker = WorkerProcess(env)
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def worker_env(worker_process: WorkerProcess, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Point this test's settings at the module's worker process (same data dir and task queue)."""
    for name, value in worker_process.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("ECI_DATABASE_URL", raising=False)
    grant_every_role()
    return worker_process.env
