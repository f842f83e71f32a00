"""Obligation workflows on the embedded dev server: opening a cycle vs bare workflows, updates, round trips.

    .venv/bin/python bench/bench_workflows.py [--quick|--smoke]

Everything runs in this process's worker against a fresh file-backed dev server (WAL pragmas) and a
fresh SQLite event store; notices go to a no-op activity so mail does not enter the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import func, select
from temporalio import activity, workflow
from temporalio.client import Client

from workflows.names import NOTICE_ACTIVITY

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from acting_user import enroll  # noqa: E402
from sizes import Size, add_size_options, size_of  # noqa: E402

from activities.cycle import start_obligations  # noqa: E402
from config.settings import Settings  # noqa: E402
from domain.actors import Actor  # noqa: E402
from domain.documents import DocumentDetails, DocumentKind  # noqa: E402
from domain.obligation.id import STREAM_PREFIX  # noqa: E402
from domain.obligation.notices import NoticeRequest, NoticeResult  # noqa: E402
from domain.obligation.plan import obligations_for_cycle  # noqa: E402
from domain.obligation.start import terms_for  # noqa: E402
from domain.obligation.terms import ObligationTerms  # noqa: E402
from eci import actions  # noqa: E402
from eci.identity.principal import Principal  # noqa: E402
from eci.identity.signing import sign_request  # noqa: E402
from eci.runtime.devserver import start_dev_server  # noqa: E402
from eci.runtime.temporal_client import connect  # noqa: E402
from eci.runtime.worker import run_worker  # noqa: E402
from store.event_store import EventStore  # noqa: E402
from store.schema import EventRow  # noqa: E402
from workflows import registry  # noqa: E402

CYCLE = 2027  # every deadline of this cycle lies ahead: opening records one event per obligation
IN_FLIGHT = 50
COORDINATOR = Actor.parse("coordinator")


@workflow.defn(name="BareWorkflow", sandboxed=False)
class BareWorkflow:
    """The baseline: a workflow that starts and completes, nothing else."""

    @workflow.run
    async def run(self, n: int) -> int:
        return n


@activity.defn(name=NOTICE_ACTIVITY)
async def no_notice(request: NoticeRequest) -> NoticeResult:
    """Notices cost nothing here: the figures are about workflows and the store."""
    return NoticeResult()


def line(metric: str, value: float, unit: str, baseline: float | None, target: str) -> None:
    ratio = round(value / baseline, 3) if baseline else None
    record = {
        "bench": "workflows", "metric": metric, "value": round(value, 3), "unit": unit,
        "baseline": None if baseline is None else round(baseline, 3), "ratio": ratio, "target": target,
    }  # fmt: skip
    print(json.dumps(record, ensure_ascii=False), flush=True)


async def gated(n: int, limit: int, fn: Callable[[int], Awaitable[Any]]) -> list[Any]:
    gate = asyncio.Semaphore(limit)

    async def one(i: int) -> Any:
        async with gate:
            return await fn(i)

    return await asyncio.gather(*(one(i) for i in range(n)))


async def bare_rate(client: Client, queue: str, n: int) -> float:
    began = time.perf_counter()
    await gated(
        n, IN_FLIGHT, lambda i: client.execute_workflow(BareWorkflow.run, i, id=f"bare/{i}", task_queue=queue)
    )
    return n / (time.perf_counter() - began)


async def opening_rate(client: Client, settings: Settings, terms: Sequence[ObligationTerms]) -> float:
    began = time.perf_counter()
    await start_obligations(client, settings.temporal_task_queue, terms, IN_FLIGHT)
    with EventStore.open(settings.effective_database_url) as store:
        for _ in range(100_000):  # the opening events land through the worker's activities
            # A cheap count off the event loop: the worker shares this loop, so the check must not
            # take CPU from what it measures (store_stats reads sizes and the schema revision too).
            if await asyncio.to_thread(_streams, store) >= len(terms):
                break
            await asyncio.sleep(0.05)
    return len(terms) / (time.perf_counter() - began)


def _streams(store: EventStore) -> int:
    """How many obligations' streams have at least one event (the users' streams are not obligations:
    counted, they ended the wait before the last openings, whose updates were then signed for version 0)."""
    opened = func.count(func.distinct(EventRow.stream))
    with store.engine.connect() as conn:
        return int(conn.scalar(select(opened).where(EventRow.stream.startswith(STREAM_PREFIX))) or 0)


async def update_rate(
    client: Client, terms: Sequence[ObligationTerms], upload: actions.DocumentUpload, by: Principal, url: str
) -> float:
    from domain.documents import SubmittedDocument
    from domain.obligation.requests import ReviewRequest, SubmitRequest
    from workflows.obligation import ObligationWorkflow

    document = SubmittedDocument(details=upload.details, file=actions.fingerprint(upload.path))

    async def submit_accept(i: int) -> None:
        handle = client.get_workflow_handle(terms[i].workflow_id)
        region = (
            Actor.parse(f"region:{terms[i].participant}") if terms[i].participant.isdigit() else COORDINATOR
        )
        oid = terms[i].obligation_id
        # Signed for the stream version as the CLI reads it (the store's), as `eci submit` does.
        version = await asyncio.to_thread(store.stream_version, terms[i].workflow_id)
        request = SubmitRequest(actor=region, documents=(document,))
        submit = sign_request(by.key, "submit", oid, request, version=version)
        await handle.execute_update(ObligationWorkflow.submit, submit)
        accept = sign_request(by.key, "accept", oid, ReviewRequest(actor=COORDINATOR), version=version + 1)
        await handle.execute_update(ObligationWorkflow.accept, accept)

    with EventStore.open(url) as store:
        began = time.perf_counter()
        await gated(len(terms), IN_FLIGHT, submit_accept)
        return 2 * len(terms) / (time.perf_counter() - began)


async def round_trips(
    settings: Settings, terms: Sequence[ObligationTerms], upload: actions.DocumentUpload, by: Principal
) -> float:
    samples: list[float] = []
    for t in terms:
        who = Actor.parse(f"region:{t.participant}") if t.participant.isdigit() else COORDINATOR
        began = time.perf_counter()
        await actions.submit(settings, who, t.obligation_id, [upload], by=by)
        samples.append(time.perf_counter() - began)
        began = time.perf_counter()
        await actions.accept(settings, COORDINATOR, t.obligation_id, by=by)
        samples.append(time.perf_counter() - began)
    return statistics.quantiles(samples, n=20)[18] * 1000


async def main(size: Size) -> None:
    plan = obligations_for_cycle(CYCLE)
    terms = [terms_for(o) for o in plan[: size.pick(len(plan), 250, 30)]]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        server = start_dev_server(data / "temporal.sqlite3", "127.0.0.1", _free_port())
        settings = Settings(
            data_dir=data, temporal_address=server.address, temporal_task_queue="bench", key_dir=data / "keys"
        )
        me = enroll(settings)
        registry.WORKFLOWS.append(BareWorkflow)
        stop = asyncio.Event()
        try:
            client = await connect(settings)
            worker = asyncio.create_task(run_worker(settings, stop, client, notice=no_notice))
            await asyncio.sleep(1.0)
            EventStore.open(settings.effective_database_url).close()
            rss_before = psutil.Process().memory_info().rss
            bare = await bare_rate(client, settings.temporal_task_queue, len(terms))
            opened = await opening_rate(client, settings, terms)
            line("obligations_opened_per_s", opened, "1/s", bare, ">= 0.8 of bare workflows")
            rss = psutil.Process().memory_info().rss
            line(
                "worker_rss_holding_cycle",
                rss / 2**20,
                "MiB",
                rss_before / 2**20,
                f"{len(terms)} open workflows",
            )
            doc = data / "order.pdf"
            doc.write_bytes(b"%PDF-1.4 bench")
            details = DocumentDetails(
                kind=DocumentKind.ORDER, number="1", date=dt.date(2027, 2, 1), issuer="bench"
            )
            upload = actions.DocumentUpload(details=details, path=doc)
            sample = size.pick(100, 20, 5)
            updates = await update_rate(client, terms[sample:], upload, me, settings.effective_database_url)
            line("updates_per_s_50_in_flight", updates, "1/s", None, ">= 60")
            p95 = await round_trips(settings, terms[:sample], upload, me)
            line("submit_accept_round_trip_p95", p95, "ms", None, "< 200")
            stop.set()
            await worker
        finally:
            server.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    add_size_options(parser, "250 obligations instead of the whole cycle")
    asyncio.run(main(size_of(parser.parse_args())))
