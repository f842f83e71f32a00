"""Record obligation-workflow histories from real runs into tests/workflows/histories/ (run by hand).

    .venv/bin/python tests/workflows/record_histories.py PREFIX     (e.g. v2: files v2-<scenario>.json)

Re-run only to add histories of new behaviour; the committed ones stay, so that the replay test keeps
proving today's code can continue workflows started by older code.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import tempfile
from pathlib import Path

from temporalio.client import Client, WorkflowHandle
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures_temporal import BIN, EventLog, NoticeLog, free_port, make_terms  # noqa: E402

from activities.cycle import start_obligation  # noqa: E402
from config.settings import Settings  # noqa: E402
from domain.actors import Actor  # noqa: E402
from domain.documents import DocumentDetails, DocumentKind, StoredFile, SubmittedDocument  # noqa: E402
from domain.obligation_requests import ExtendRequest, ReviewRequest, SubmitRequest  # noqa: E402
from eci.runtime.devserver import start_dev_server  # noqa: E402
from eci.runtime.worker import run_worker  # noqa: E402
from workflows.obligation import ObligationWorkflow  # noqa: E402

HERE = Path(__file__).resolve().parent / "histories"
COORDINATOR = Actor.parse("coordinator")
REGION = Actor.parse("region:77")
DOCUMENT = SubmittedDocument(
    details=DocumentDetails(
        kind=DocumentKind.ORDER, number="15-од", date=dt.date(2025, 2, 3), issuer="Минздрав"
    ),
    file=StoredFile(sha256="ab" * 32, size=19, media_type="application/pdf", filename="prikaz.pdf"),
)


PREFIX = sys.argv[1] if len(sys.argv) > 1 else "new"


async def save(handle: WorkflowHandle[object, object], name: str) -> None:
    history = await handle.fetch_history()
    (HERE / f"{PREFIX}-{name}.json").write_text(history.to_json(), encoding="utf-8")
    print("recorded", name)


async def review_cycle(client: Client, queue: str) -> None:
    terms = make_terms(dt.datetime.now(dt.UTC), cycle=2091, measure=7)
    await start_obligation(client, queue, terms)
    handle = client.get_workflow_handle(terms.workflow_id)
    await handle.execute_update(ObligationWorkflow.submit, SubmitRequest(actor=REGION, documents=(DOCUMENT,)))
    await handle.execute_update(
        ObligationWorkflow.return_submission, ReviewRequest(actor=COORDINATOR, reason="нет подписи")
    )
    await handle.execute_update(ObligationWorkflow.submit, SubmitRequest(actor=REGION, documents=(DOCUMENT,)))
    await handle.execute_update(ObligationWorkflow.accept, ReviewRequest(actor=COORDINATOR))
    await handle.result()
    await save(handle, "submit-return-resubmit-accept")


async def extend_then_waive(client: Client, queue: str) -> None:
    terms = make_terms(dt.datetime.now(dt.UTC), cycle=2092, measure=12)
    await start_obligation(client, queue, terms)
    handle = client.get_workflow_handle(terms.workflow_id)
    later = terms.deadline.model_copy(
        update={
            "due": terms.deadline.due + dt.timedelta(days=30),
            "effective_due": terms.deadline.effective_due + dt.timedelta(days=30),
            "missed_at": terms.deadline.missed_at + dt.timedelta(days=30),
            "reminders": (),
        }
    )
    await handle.execute_update(
        ObligationWorkflow.extend, ExtendRequest(actor=COORDINATOR, deadline=later, reason="просьба региона")
    )
    await handle.execute_update(
        ObligationWorkflow.waive, ReviewRequest(actor=COORDINATOR, reason="не применяется")
    )
    await handle.result()
    await save(handle, "extend-waive")


async def on_dev_server() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = start_dev_server(Path(tmp) / "temporal.sqlite3", "127.0.0.1", free_port())
        try:
            settings = Settings(
                data_dir=Path(tmp), temporal_address=server.address, temporal_task_queue="record"
            )
            client = await Client.connect(server.address, data_converter=pydantic_data_converter)
            stop = asyncio.Event()
            worker = asyncio.create_task(run_worker(settings, stop, client, notice=NoticeLog().send_notice))
            await asyncio.sleep(1)
            await review_cycle(client, "record")
            await extend_then_waive(client, "record")
            stop.set()
            await worker
        finally:
            server.stop()


async def on_the_clock() -> None:
    env = await WorkflowEnvironment.start_time_skipping(
        data_converter=pydantic_data_converter, test_server_existing_path=str(BIN / "temporal-test-server")
    )
    async with env:
        notices, events = NoticeLog(), EventLog()
        async with Worker(
            env.client,
            task_queue="clock",
            workflows=[ObligationWorkflow],
            activities=[notices.send_notice, events.record_event],
        ):
            terms = make_terms(await env.get_current_time(), cycle=2093, due_in=dt.timedelta(days=20))
            handle = await env.client.start_workflow(
                ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue="clock"
            )
            await env.sleep(dt.timedelta(days=40))
            await handle.execute_update(
                ObligationWorkflow.submit, SubmitRequest(actor=REGION, documents=(DOCUMENT,))
            )
            await handle.execute_update(ObligationWorkflow.accept, ReviewRequest(actor=COORDINATOR))
            await handle.result()
            await save(handle, "reminders-missed-overdue-escalation-accept")


async def main() -> None:
    HERE.mkdir(exist_ok=True)
    await on_the_clock()
    await on_dev_server()


if __name__ == "__main__":
    asyncio.run(main())
