"""The obligation's clock on the time-skipping server: reminders, missed deadline, overdue, escalation."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from fixtures_temporal import EventLog, NoticeLog, make_terms
from temporalio.testing import WorkflowEnvironment

from domain.actors import COORDINATOR
from domain.obligation_progress import ObligationProgress
from domain.obligation_requests import ReviewRequest
from domain.states import ObligationState
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
        ObligationWorkflow.waive, ReviewRequest(actor=COORDINATOR, reason="не применяется")
    )

    assert await handle.result() is ObligationState.WAIVED
    assert event_log.types() == ["ObligationOpened", "ObligationWaived", "ObligationClosed"]
