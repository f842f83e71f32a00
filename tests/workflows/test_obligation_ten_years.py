"""An obligation left overdue for ten years: its runs continue as new and each history stays small."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections import Counter

import pytest
from fixtures_temporal import EventLog, NoticeLog, make_terms
from signing_kit import signed_now
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from domain.actors import COORDINATOR, SYSTEM, Actor
from domain.documents import DocumentDetails, DocumentKind, StoredFile, SubmittedDocument
from domain.obligation.progress import ObligationProgress
from domain.obligation.requests import RetimeRequest, ReviewRequest, SubmitRequest
from domain.obligation.states import ObligationState
from workflows import continuation
from workflows.obligation import ObligationWorkflow

pytestmark = pytest.mark.temporal

TEN_YEARS = dt.timedelta(days=3652)
HISTORY_LIMIT = 2_000


async def run_histories(client: Client, workflow_id: str, first_run_id: str) -> list[int]:
    """Events per run, following the continue-as-new chain from its first run."""
    sizes: list[int] = []
    run_id: str | None = first_run_id
    while run_id is not None:
        history = await client.get_workflow_handle(workflow_id, run_id=run_id).fetch_history()
        sizes.append(len(history.events))
        last = history.events[-1]
        run_id = None
        if last.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
            run_id = last.workflow_execution_continued_as_new_event_attributes.new_execution_run_id
    return sizes


async def test_ten_overdue_years_stay_in_small_runs_and_year_ten_still_takes_a_submission(
    time_skipping_env: WorkflowEnvironment, skipping_worker: str, notice_log: NoticeLog, event_log: EventLog
) -> None:
    client = time_skipping_env.client
    terms = make_terms(await time_skipping_env.get_current_time(), due_in=dt.timedelta(days=20))
    began = time.perf_counter()
    first = await client.start_workflow(
        ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue=skipping_worker
    )
    await time_skipping_env.sleep(TEN_YEARS)
    # By workflow id only: the handle reaches whichever run is current.
    handle = client.get_workflow_handle_for(ObligationWorkflow.run, terms.workflow_id)
    status = await handle.query(ObligationWorkflow.status, result_type=ObligationProgress)
    assert status.state is ObligationState.OVERDUE
    region = Actor.parse("region:77")
    env, oid = time_skipping_env, terms.obligation_id
    submit = SubmitRequest(actor=region, documents=(DOCUMENT,))
    await handle.execute_update(ObligationWorkflow.submit, await signed_now(env, "submit", oid, submit))
    accept = ReviewRequest(actor=COORDINATOR)
    await handle.execute_update(ObligationWorkflow.accept, await signed_now(env, "accept", oid, accept))
    assert await handle.result() is ObligationState.ACCEPTED
    elapsed = time.perf_counter() - began

    sizes = await run_histories(client, terms.workflow_id, first.result_run_id or "")
    overdue = [n for n in notice_log.sent if n.kind == "overdue"]
    print(f"runs={len(sizes)} events per run={sizes} wall={elapsed:.2f}s overdue notices={len(overdue)}")
    assert len(overdue) >= 515
    assert max(sizes) <= HISTORY_LIMIT
    assert len(sizes) > 1
    assert [step for step, n in Counter(n.step for n in notice_log.sent).items() if n > 1] == []
    types = Counter(event_log.types())
    assert types["ObligationOpened"] == 1
    assert types["OverdueNoticeSent"] == len(overdue)
    assert types["DocumentSubmitted"] == types["SubmissionAccepted"] == types["ObligationClosed"] == 1
    causes = [r.metadata.cause for r in event_log.records.values()]
    assert len(causes) == len(set(causes))


DOCUMENT = SubmittedDocument(
    details=DocumentDetails(kind=DocumentKind.ORDER, number="7", date=dt.date(2035, 3, 1), issuer="Минтруд"),
    file=StoredFile(sha256="d" * 64, size=3, media_type="application/pdf", filename="prikaz.pdf"),
)


async def test_updates_in_flight_when_a_run_hands_over_are_all_answered_and_recorded_once(
    time_skipping_env: WorkflowEnvironment,
    skipping_worker: str,
    event_log: EventLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With a bound this low every batch finds the run over it: the first update of a batch wakes the
    # loop, which waits for the other three (in flight, queued on the lock) before handing over.
    monkeypatch.setattr(continuation, "MAX_HISTORY_EVENTS", 20)
    client = time_skipping_env.client
    terms = make_terms(await time_skipping_env.get_current_time(), due_in=dt.timedelta(days=200))
    first = await client.start_workflow(
        ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue=skipping_worker
    )
    handle = client.get_workflow_handle_for(ObligationWorkflow.run, terms.workflow_id)

    async def retime(days: int) -> None:
        moved = terms.deadline.model_copy(
            update={
                "due": terms.deadline.due + dt.timedelta(days=days),
                "effective_due": terms.deadline.effective_due + dt.timedelta(days=days),
                "missed_at": terms.deadline.missed_at + dt.timedelta(days=days),
                "reminders": (),
            }
        )
        request = RetimeRequest(actor=SYSTEM, deadline=moved, reason="новое правило")
        await handle.execute_update(
            ObligationWorkflow.retime,
            await signed_now(time_skipping_env, "retime", terms.obligation_id, request),
        )

    sent = 0
    for batch in range(6):
        await asyncio.gather(*(retime(4 * batch + k + 1) for k in range(4)))
        sent += 4
    waive = ReviewRequest(actor=COORDINATOR, reason="не нужно")
    await handle.execute_update(
        ObligationWorkflow.waive, await signed_now(time_skipping_env, "waive", terms.obligation_id, waive)
    )
    assert await handle.result() is ObligationState.WAIVED

    sizes = await run_histories(client, terms.workflow_id, first.result_run_id or "")
    types = Counter(event_log.types())
    assert len(sizes) > 2
    assert types["DeadlineRetimed"] == sent
    assert types["ObligationOpened"] == types["ObligationWaived"] == types["ObligationClosed"] == 1
    causes = [r.metadata.cause for r in event_log.records.values()]
    assert len(causes) == len(set(causes))
