"""A running obligation moved to the catalog's deadline: recorded once, old clock gone, new reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures_temporal import EventLog, NoticeLog, make_terms
from signing_kit import signed_now
from temporalio.client import WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment

from domain.actors import COORDINATOR, SYSTEM
from domain.obligation.progress import ObligationProgress
from domain.obligation.requests import RetimeRequest
from domain.obligation.states import ObligationState
from workflows.obligation import ObligationWorkflow

pytestmark = pytest.mark.temporal


async def test_a_retimed_obligation_misses_nothing_at_the_old_date_and_is_reminded_for_the_new_one(
    time_skipping_env: WorkflowEnvironment, skipping_worker: str, notice_log: NoticeLog, event_log: EventLog
) -> None:
    client = time_skipping_env.client
    start = await time_skipping_env.get_current_time()
    terms = make_terms(start, due_in=dt.timedelta(days=20))  # reminders at days 6, 13, 19
    later = make_terms(start, cycle=terms.cycle, due_in=dt.timedelta(days=60))  # 30 days before: day 30
    handle = await client.start_workflow(
        ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue=skipping_worker
    )
    await time_skipping_env.sleep(dt.timedelta(days=10))
    request = RetimeRequest(actor=SYSTEM, deadline=later.deadline, reason="срок годового отчёта")
    request = await signed_now(time_skipping_env, "retime", terms.obligation_id, request)
    retimed = await handle.execute_update(ObligationWorkflow.retime, request, result_type=ObligationProgress)
    with pytest.raises(WorkflowUpdateFailedError, match="Workflow update failed") as again:
        await handle.execute_update(ObligationWorkflow.retime, request)
    await time_skipping_env.sleep(dt.timedelta(days=25))  # day 35: past the old date and the new reminder
    status = await handle.query(ObligationWorkflow.status, result_type=ObligationProgress)

    assert retimed.deadline.due == later.deadline.due
    assert "срок обязательства уже" in str(again.value.cause)
    assert status.state is ObligationState.OPEN
    assert not status.missed
    assert event_log.types() == ["ObligationOpened", "ReminderSent", "DeadlineRetimed", "ReminderSent"]
    reminders = [n for n in notice_log.sent if n.kind.value == "reminder"]
    assert [n.days for n in reminders] == [14, 30]
    assert len({n.step for n in notice_log.sent}) == len(notice_log.sent)
    retime = next(r for r in event_log.records.values() if r.event_type == "DeadlineRetimed")
    assert retime.metadata.actor == "system"
    assert retime.payload["previous_due"] == terms.deadline.due.isoformat()
    assert retime.payload["reason"] == "срок годового отчёта"


async def test_the_coordinator_cannot_retime_a_workflow_directly(
    time_skipping_env: WorkflowEnvironment, skipping_worker: str, event_log: EventLog
) -> None:
    client = time_skipping_env.client
    start = await time_skipping_env.get_current_time()
    terms = make_terms(start)
    later = make_terms(start, cycle=terms.cycle, due_in=dt.timedelta(days=90))
    handle = await client.start_workflow(
        ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue=skipping_worker
    )
    request = RetimeRequest(actor=COORDINATOR, deadline=later.deadline, reason="x")
    request = await signed_now(time_skipping_env, "retime", terms.obligation_id, request)
    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await handle.execute_update(ObligationWorkflow.retime, request)

    assert "только система" in str(refused.value.cause)
    assert "DeadlineRetimed" not in event_log.types()
