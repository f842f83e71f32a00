"""The worker: obligation and cycle workflows, recording and notice activities, one task queue."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from typing import Any

from temporalio.client import Client
from temporalio.worker import PollerBehaviorSimpleMaximum, Worker

from activities.cycle import CycleActivities
from activities.registry import build_activities
from config.settings import Settings
from eci.identity.principal import signed_in
from eci.identity.sealing import KeySealer
from eci.runtime.schedule import ensure_cycle_schedule
from eci.runtime.temporal_client import connect, ensure_search_attributes
from eci.runtime.worker_converter import worker_client
from workflows.checkpoint_schedule import ensure_checkpoint_schedule
from workflows.digest_schedule import ensure_digest_schedules
from workflows.registry import WORKFLOWS

log = logging.getLogger(__name__)

ACTIVITY_THREADS = 16
# Pollers: the SDK's default of 5 workflow-task polls, of which a fifth may poll the shared (non-sticky)
# queue, left one poll fetching the first task of every new workflow: a cycle opened at about 28
# obligations/s with worker and server both half idle. 20 polls, any of them allowed on the shared
# queue, opened it at 48-52/s on the same machine (the sticky queue still gets polls of its own).
WORKFLOW_TASK_POLLS = 20
ACTIVITY_TASK_POLLS = 10


async def run_worker(
    settings: Settings,
    stop: asyncio.Event,
    client: Client | None = None,
    notice: Callable[..., Any] | None = None,
) -> None:
    """Run a worker until `stop` is set, then shut it down inside this event loop.

    `notice` replaces the mail side's `send_notice` activity (tests keep notices in memory).
    """
    sealer = await asyncio.to_thread(worker_sealer, settings)
    client = worker_client(client or await connect(settings))
    await ensure_search_attributes(client, settings.temporal_namespace)
    cycle = CycleActivities(client, settings.temporal_task_queue)
    activities, owners = build_activities(settings, cycle, notice, sealer)
    try:
        await ensure_cycle_schedule(client, settings.temporal_task_queue)
        await ensure_digest_schedules(client, settings.temporal_task_queue)
        await ensure_checkpoint_schedule(client, settings.temporal_task_queue)
        with ThreadPoolExecutor(max_workers=ACTIVITY_THREADS, thread_name_prefix="eci-activity") as pool:
            worker = Worker(
                client,
                task_queue=settings.temporal_task_queue,
                workflows=WORKFLOWS,
                activities=activities,
                activity_executor=pool,
                max_concurrent_activities=ACTIVITY_THREADS,
                max_cached_workflows=settings.worker_cache_size,
                workflow_task_poller_behavior=PollerBehaviorSimpleMaximum(WORKFLOW_TASK_POLLS),
                nonsticky_to_sticky_poll_ratio=1.0,
                activity_task_poller_behavior=PollerBehaviorSimpleMaximum(ACTIVITY_TASK_POLLS),
                graceful_shutdown_timeout=dt.timedelta(seconds=5),
            )
            async with worker:
                log.info(
                    "worker polling task queue %s at %s",
                    settings.temporal_task_queue,
                    settings.temporal_address,
                )
                await stop.wait()
    finally:
        for owner in owners:
            with suppress(Exception):
                owner.close()


def worker_sealer(settings: Settings) -> KeySealer:
    """The key the worker seals its events with: that of the user it runs as (embedded, the data dir's
    owner; in production a service user an admin added, e.g. `eci users add eci-worker --role worker`,
    whose key the admin registered). A worker nobody registered refuses to start."""
    return signed_in(settings).sealer()


async def serve(settings: Settings) -> None:
    """Run a worker until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await run_worker(settings, stop)
