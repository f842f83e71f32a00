"""The ten-year figures that need live workflows: a worker holding every past cycle's obligation open,
and the opening of a new cycle beside them (part of bench_scale.py).

Leftovers are the obligations of past cycles nobody closed: their deadlines are behind them, so each
records its missed deadline and escalation on start and then sleeps on its weekly overdue timer, as a
neglected obligation does for years. The figures:
- `worker_rss_all_open_10y`: the worker process's resident memory once every leftover is started and
  settled, vs the same process before any workflow started (the worker's own footprint);
- `cycle_open_with_leftovers_ratio`: obligations opened per second for the newest cycle with the
  leftovers running, over the same cycle opened by a fresh worker on a fresh dev server (target >= 0.5:
  the past years cost the new one little).
"""

from __future__ import annotations

import asyncio
import socket
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

import psutil
from sqlalchemy import func, select
from temporalio import activity
from temporalio.client import Client

from activities.cycle import start_obligations
from config.settings import Settings
from domain.obligation.notices import NoticeRequest, NoticeResult
from domain.obligation.plan import obligations_for_cycle
from domain.obligation.start import terms_for
from domain.obligation.terms import ObligationTerms
from eci.runtime.devserver import start_dev_server
from eci.runtime.temporal_client import connect
from eci.runtime.worker import run_worker
from store.event_store import EventStore
from store.schema import EventRow
from workflows.names import NOTICE_ACTIVITY

IN_FLIGHT = 50
T = TypeVar("T")


@activity.defn(name=NOTICE_ACTIVITY)
async def _no_notice(request: NoticeRequest) -> NoticeResult:
    """Notices go nowhere: mail is not what these figures measure."""
    return NoticeResult()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _streams(url: str) -> int:
    with EventStore.open(url) as store, store.engine.connect() as conn:
        return int(conn.scalar(select(func.count(func.distinct(EventRow.stream)))) or 0)


def _events(url: str) -> int:
    with EventStore.open(url) as store, store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(EventRow)) or 0)


async def _until_quiet(url: str, still_seconds: float = 3.0) -> None:
    """Wait until no event has been recorded for `still_seconds`: past-deadline leftovers record their
    missed deadline and escalation right after opening, then sleep on their weekly timers, the steady
    state a new cycle opens into."""
    last, still = -1, 0.0
    for _ in range(100_000):
        count = await asyncio.to_thread(_events, url)
        still = still + 0.5 if count == last else 0.0
        if still >= still_seconds:
            return
        last = count
        await asyncio.sleep(0.5)


async def _open_and_settle(client: Client, settings: Settings, terms: Sequence[ObligationTerms]) -> float:
    """Start `terms` and wait until each has recorded its opening; seconds taken."""
    before = await asyncio.to_thread(_streams, settings.effective_database_url)
    began = time.perf_counter()
    await start_obligations(client, settings.temporal_task_queue, terms, IN_FLIGHT)
    for _ in range(100_000):  # the openings land through the worker's activities, not this call
        if await asyncio.to_thread(_streams, settings.effective_database_url) >= before + len(terms):
            break
        await asyncio.sleep(0.1)
    return time.perf_counter() - began


async def _with_worker(folder: Path, body: Callable[[Client, Settings], Awaitable[T]]) -> T:
    """Run `body(client, settings)` against a fresh dev server, store and in-process worker."""
    server = start_dev_server(folder / "temporal.sqlite3", "127.0.0.1", _free_port())
    settings = Settings(data_dir=folder, temporal_address=server.address, temporal_task_queue="scale-open")
    stop = asyncio.Event()
    try:
        client = await connect(settings)
        EventStore.open(settings.effective_database_url).close()
        worker = asyncio.create_task(run_worker(settings, stop, client, notice=_no_notice))
        await asyncio.sleep(1.0)  # the worker's first poll; a start before it only queues
        try:
            return await body(client, settings)
        finally:
            stop.set()
            await worker
    finally:
        server.stop()


def _terms(cycle: int, per_cycle: int | None) -> list[ObligationTerms]:
    plan = obligations_for_cycle(cycle)
    return [terms_for(o) for o in (plan[:per_cycle] if per_cycle else plan)]


async def leftover_figures(
    past: range, newest: int, per_cycle: int | None, progress: Callable[[str], None]
) -> dict[str, float]:
    """Open `past` cycles as leftovers, then `newest` beside them; and `newest` alone as the baseline."""
    new_terms = _terms(newest, per_cycle)
    leftovers = [t for cycle in past for t in _terms(cycle, per_cycle)]

    async def alone(client: Client, settings: Settings) -> float:
        seconds = await _open_and_settle(client, settings, new_terms)
        await _until_quiet(settings.effective_database_url)
        return seconds

    async def beside(client: Client, settings: Settings) -> dict[str, float]:
        rss_before = psutil.Process().memory_info().rss
        began = time.perf_counter()
        await _open_and_settle(client, settings, leftovers)
        await _until_quiet(settings.effective_database_url)
        settled = time.perf_counter() - began
        progress(f"{len(leftovers)} leftovers open and quiet in {settled:.0f} s")
        rss_open = psutil.Process().memory_info().rss
        seconds = await _open_and_settle(client, settings, new_terms)
        return {
            "rss_before_mib": rss_before / 2**20,
            "rss_open_mib": rss_open / 2**20,
            "rss_after_new_mib": psutil.Process().memory_info().rss / 2**20,
            "leftovers": float(len(leftovers)),
            "leftovers_per_s": len(leftovers) / settled,
            "new_per_s": len(new_terms) / seconds,
        }

    with tempfile.TemporaryDirectory(prefix="eci-bench-open-") as tmp:
        alone_dir, beside_dir = Path(tmp) / "alone", Path(tmp) / "beside"
        alone_dir.mkdir()
        beside_dir.mkdir()
        baseline_seconds = await _with_worker(alone_dir, alone)
        progress(f"cycle {newest} alone: {len(new_terms)} in {baseline_seconds:.1f} s")
        figures = await _with_worker(beside_dir, beside)
    figures["baseline_per_s"] = len(new_terms) / baseline_seconds
    figures["new_obligations"] = float(len(new_terms))
    return figures
