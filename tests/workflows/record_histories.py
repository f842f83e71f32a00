"""Record obligation-workflow histories from real runs into tests/workflows/histories/ (run by hand).

    .venv/bin/python tests/workflows/record_histories.py PREFIX     (e.g. v3: files v3-<scenario>.json)

Re-run only to add histories of new behaviour; the committed ones stay, so that the replay test keeps
proving today's code can continue workflows started by older code.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import tempfile
from pathlib import Path
from typing import Any

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures_temporal import BIN, EventLog, NoticeLog, free_port, make_terms  # noqa: E402
from signing_kit import TEST_NAME, R, check_signer, signed, signed_now  # noqa: E402

from activities.cycle import start_obligation  # noqa: E402
from config.settings import Settings  # noqa: E402
from domain.actors import Actor  # noqa: E402
from domain.documents import DocumentDetails, DocumentKind, StoredFile, SubmittedDocument  # noqa: E402
from domain.obligation.requests import ExtendRequest, ReviewRequest, SubmitRequest  # noqa: E402
from domain.obligation.terms import ObligationTerms  # noqa: E402
from eci.identity.keys import SigningKey  # noqa: E402
from eci.identity.principal import found, os_login, signed_in  # noqa: E402
from eci.runtime.devserver import start_dev_server  # noqa: E402
from eci.runtime.worker import run_worker  # noqa: E402
from store.event_store import EventStore  # noqa: E402
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


async def save(handle: WorkflowHandle[Any, Any], name: str) -> None:
    history = await handle.fetch_history()
    (HERE / f"{PREFIX}-{name}.json").write_text(history.to_json(), encoding="utf-8")
    print("recorded", name, len(history.events), "events")


async def save_runs(client: Client, workflow_id: str, first_run_id: str, name: str) -> None:
    """Each run of a continue-as-new chain, as `{name}-run-N`: the first ends by handing over, the
    next ones start from what was handed over."""
    run_id: str | None = first_run_id
    n = 1
    while run_id is not None:
        handle = client.get_workflow_handle(workflow_id, run_id=run_id)
        await save(handle, f"{name}-run-{n}")
        last = (await handle.fetch_history()).events[-1]
        run_id = None
        if last.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
            run_id = last.workflow_execution_continued_as_new_event_attributes.new_execution_run_id
            n += 1


class Signer:
    """Signs as the worker's registered user, for the stream version the store holds (as the CLI does)."""

    def __init__(self, store: EventStore, key: SigningKey) -> None:
        self.store = store
        self.key = key

    async def __call__(self, action: str, terms: ObligationTerms, request: R) -> R:
        version = await asyncio.to_thread(self.store.stream_version, terms.workflow_id)
        return signed(action, terms.obligation_id, request, key=self.key, version=version)

    async def opened(self, terms: ObligationTerms) -> None:
        """Once the run has recorded its opening (an update signed before would be for version 0)."""
        for _ in range(600):
            if await asyncio.to_thread(self.store.stream_version, terms.workflow_id):
                return
            await asyncio.sleep(0.05)
        raise RuntimeError(f"{terms.obligation_id} never recorded its opening")


async def review_cycle(client: Client, queue: str, sign: Signer) -> None:
    terms = make_terms(dt.datetime.now(dt.UTC), cycle=2091, measure=7)
    await start_obligation(client, queue, terms)
    await sign.opened(terms)
    handle = client.get_workflow_handle(terms.workflow_id)
    submit = SubmitRequest(actor=REGION, documents=(DOCUMENT,))
    await handle.execute_update(ObligationWorkflow.submit, await sign("submit", terms, submit))
    back = ReviewRequest(actor=COORDINATOR, reason="нет подписи")
    await handle.execute_update(ObligationWorkflow.return_submission, await sign("return", terms, back))
    await handle.execute_update(ObligationWorkflow.submit, await sign("submit", terms, submit))
    accept = ReviewRequest(actor=COORDINATOR)
    await handle.execute_update(ObligationWorkflow.accept, await sign("accept", terms, accept))
    await handle.result()
    await save(handle, "submit-return-resubmit-accept")


async def extend_then_waive(client: Client, queue: str, sign: Signer) -> None:
    terms = make_terms(dt.datetime.now(dt.UTC), cycle=2092, measure=12)
    await start_obligation(client, queue, terms)
    await sign.opened(terms)
    handle = client.get_workflow_handle(terms.workflow_id)
    later = terms.deadline.model_copy(
        update={
            "due": terms.deadline.due + dt.timedelta(days=30),
            "effective_due": terms.deadline.effective_due + dt.timedelta(days=30),
            "missed_at": terms.deadline.missed_at + dt.timedelta(days=30),
            "reminders": (),
        }
    )
    extend = ExtendRequest(actor=COORDINATOR, deadline=later, reason="просьба региона")
    await handle.execute_update(ObligationWorkflow.extend, await sign("extend", terms, extend))
    waive = ReviewRequest(actor=COORDINATOR, reason="не применяется")
    await handle.execute_update(ObligationWorkflow.waive, await sign("waive", terms, waive))
    await handle.result()
    await save(handle, "extend-waive")


async def on_dev_server() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = start_dev_server(Path(tmp) / "temporal.sqlite3", "127.0.0.1", free_port())
        try:
            settings = Settings(
                data_dir=Path(tmp),
                temporal_address=server.address,
                temporal_task_queue="record",
                key_dir=Path(tmp) / "keys",
            )
            with EventStore.open(settings.effective_database_url) as store:
                # The OS user founds the store: the worker seals with their key, and they sign the actions.
                found(store, settings, os_login(), TEST_NAME, ["admin", "coordinator", "region:77"])
                sign = Signer(store, signed_in(settings, store).key)
                client = await Client.connect(server.address, data_converter=pydantic_data_converter)
                stop = asyncio.Event()
                notices = NoticeLog().send_notice
                worker = asyncio.create_task(run_worker(settings, stop, client, notice=notices))
                await asyncio.sleep(1)
                await review_cycle(client, "record", sign)
                await extend_then_waive(client, "record", sign)
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
            activities=[notices.send_notice, events.record_event, check_signer],
        ):
            terms = make_terms(await env.get_current_time(), cycle=2093, due_in=dt.timedelta(days=20))
            handle = await env.client.start_workflow(
                ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue="clock"
            )
            await env.sleep(dt.timedelta(days=40))
            oid = terms.obligation_id
            submit = SubmitRequest(actor=REGION, documents=(DOCUMENT,))
            submit = await signed_now(env, "submit", oid, submit)
            await handle.execute_update(ObligationWorkflow.submit, submit)
            accept = ReviewRequest(actor=COORDINATOR)
            accept = await signed_now(env, "accept", oid, accept)
            await handle.execute_update(ObligationWorkflow.accept, accept)
            await handle.result()
            await save(handle, "reminders-missed-overdue-escalation-accept")

            # Overdue for two years: the run continues as new once (about 90 weekly notices each).
            terms = make_terms(await env.get_current_time(), cycle=2094, due_in=dt.timedelta(days=20))
            first = await env.client.start_workflow(
                ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue="clock"
            )
            await env.sleep(dt.timedelta(days=730))
            current = env.client.get_workflow_handle(terms.workflow_id)
            oid = terms.obligation_id
            submit = SubmitRequest(actor=REGION, documents=(DOCUMENT,))
            submit = await signed_now(env, "submit", oid, submit)
            await current.execute_update(ObligationWorkflow.submit, submit)
            accept = ReviewRequest(actor=COORDINATOR)
            accept = await signed_now(env, "accept", oid, accept)
            await current.execute_update(ObligationWorkflow.accept, accept)
            await current.result()
            chain = "overdue-continued-as-new"
            await save_runs(env.client, terms.workflow_id, first.result_run_id or "", chain)


async def main() -> None:
    HERE.mkdir(exist_ok=True)
    await on_the_clock()
    await on_dev_server()


if __name__ == "__main__":
    asyncio.run(main())
