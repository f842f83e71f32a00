"""The obligation's clock on the time-skipping server: reminders, missed deadline, overdue, escalation."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from fixtures_temporal import EventLog, NoticeLog, make_terms
from signing_kit import signed_now
from temporalio.client import WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment

from domain.actors import COORDINATOR, Actor
from domain.documents import DocumentDetails, DocumentKind, StoredFile, SubmittedDocument
from domain.obligation.events import Milestone
from domain.obligation.progress import ObligationProgress
from domain.obligation.requests import ReviewRequest, SubmitRequest
from domain.obligation.states import ObligationState
from workflows.obligation import ObligationWorkflow

pytestmark = pytest.mark.temporal


async def test_forty_days_bring_reminders_missed_deadline_overdue_notices_and_escalation(
    time_skipping_env: WorkflowEnvironment, skipping_worker: str, notice_log: NoticeLog, event_log: EventLog
) -> None:
    client = time_skipping_env.client
    terms = make_terms(await time_skipping_env.get_current_time(), due_in=dt.timedelta(days=20))
    handle = await client.start_workflow(
        ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue=skipping_worker
    )
    began = time.perf_counter()
    await time_skipping_env.sleep(dt.timedelta(days=40))
    status = await handle.query(ObligationWorkflow.status, result_type=ObligationProgress)
    elapsed = time.perf_counter() - began

    assert status.state is ObligationState.OVERDUE
    assert status.escalated
    assert notice_log.kinds() == [
        "reminder", "reminder", "reminder", "deadline_missed", "overdue", "escalation", "overdue",
    ]  # fmt: skip
    assert [n.days for n in notice_log.sent if n.kind == "overdue"] == [7, 14]
    assert event_log.types() == [
        "ObligationOpened", "ReminderSent", "ReminderSent", "ReminderSent", "DeadlineMissed",
        "OverdueNoticeSent", "Escalated", "OverdueNoticeSent",
    ]  # fmt: skip
    assert elapsed < 1.0


async def test_waiving_ends_the_workflow_and_records_the_closing(
    time_skipping_env: WorkflowEnvironment, skipping_worker: str, event_log: EventLog
) -> None:
    client = time_skipping_env.client
    terms = make_terms(await time_skipping_env.get_current_time())
    handle = await client.start_workflow(
        ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue=skipping_worker
    )
    await handle.execute_update(
        ObligationWorkflow.waive,
        await signed_now(time_skipping_env, "waive", terms.obligation_id,
                         ReviewRequest(actor=COORDINATOR, reason="не применяется")),
    )  # fmt: skip

    assert await handle.result() is ObligationState.WAIVED
    assert event_log.types() == ["ObligationOpened", "ObligationWaived", "ObligationClosed"]


async def test_a_staged_measure_is_accepted_once_every_stage_has_documents(
    time_skipping_env: WorkflowEnvironment, skipping_worker: str, event_log: EventLog
) -> None:
    stages = (
        Milestone(label="I этап", due=dt.date(2025, 6, 1)),
        Milestone(label="II этап", due=dt.date(2025, 12, 1)),
    )
    terms = make_terms(await time_skipping_env.get_current_time(), milestones=stages)
    handle = await time_skipping_env.client.start_workflow(
        ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue=skipping_worker
    )
    region, coordinator = Actor.parse("region:77"), COORDINATOR
    oid, env = terms.obligation_id, time_skipping_env
    await handle.execute_update(
        ObligationWorkflow.submit, await signed_now(env, "submit", oid, stage_submission(region, "I этап"))
    )
    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await handle.execute_update(
            ObligationWorkflow.accept, await signed_now(env, "accept", oid, ReviewRequest(actor=coordinator))
        )
    assert "нет документов по этапам: «II этап»" in str(refused.value.cause)
    await handle.execute_update(
        ObligationWorkflow.submit, await signed_now(env, "submit", oid, stage_submission(region, "II этап"))
    )
    await handle.execute_update(
        ObligationWorkflow.accept, await signed_now(env, "accept", oid, ReviewRequest(actor=coordinator))
    )

    assert await handle.result() is ObligationState.ACCEPTED
    stages_recorded = [
        r.payload["milestone"] for r in event_log.records.values() if r.event_type == "DocumentSubmitted"
    ]
    assert stages_recorded == ["I этап", "II этап"]


def stage_submission(actor: Actor, stage: str) -> SubmitRequest:
    document = SubmittedDocument(
        details=DocumentDetails(
            kind=DocumentKind.PLAN, number="3", date=dt.date(2025, 5, 5), issuer="Минздрав"
        ),
        file=StoredFile(sha256="c" * 64, size=3, media_type="application/pdf", filename="plan.pdf"),
    )
    return SubmitRequest(actor=actor, documents=(document,), milestone=stage)


async def test_an_update_delivered_with_the_first_task_waits_for_the_opening_to_be_recorded(
    time_skipping_env: WorkflowEnvironment, skipping_worker: str, event_log: EventLog
) -> None:
    from temporalio.client import WithStartWorkflowOperation
    from temporalio.common import WorkflowIDConflictPolicy

    client = time_skipping_env.client
    terms = make_terms(await time_skipping_env.get_current_time())
    start = WithStartWorkflowOperation(
        ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue=skipping_worker,
        id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
    )
    await client.execute_update_with_start_workflow(
        ObligationWorkflow.waive,
        await signed_now(time_skipping_env, "waive", terms.obligation_id,
                         ReviewRequest(actor=COORDINATOR, reason="не применяется")),
        start_workflow_operation=start,
    )
    handle = await start.workflow_handle()

    assert await handle.result() is ObligationState.WAIVED
    assert event_log.types() == ["ObligationOpened", "ObligationWaived", "ObligationClosed"]
