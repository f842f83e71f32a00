"""A signed action is taken once, also across continue-as-new: the run that takes over remembers the
action ids of the window, so a copy of an action taken by the run before is refused by the next."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures_temporal import EventLog, make_terms
from signing_kit import signed_now
from temporalio.client import WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment
from test_obligation_ten_years import DOCUMENT

from domain.actors import COORDINATOR, Actor
from domain.obligation.requests import ReviewRequest, SubmitRequest
from workflows import continuation
from workflows.obligation import ObligationWorkflow

pytestmark = pytest.mark.temporal


async def test_an_action_taken_before_a_continue_as_new_is_refused_after_it(
    time_skipping_env: WorkflowEnvironment,
    skipping_worker: str,
    event_log: EventLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(continuation, "MAX_HISTORY_EVENTS", 20)  # the run hands over after a few steps
    env, client = time_skipping_env, time_skipping_env.client
    terms = make_terms(await env.get_current_time(), due_in=dt.timedelta(days=200))
    first = await client.start_workflow(
        ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue=skipping_worker
    )
    handle = client.get_workflow_handle_for(ObligationWorkflow.run, terms.workflow_id)
    oid, region = terms.obligation_id, Actor.parse("region:77")
    submit = SubmitRequest(actor=region, documents=(DOCUMENT,))
    await handle.execute_update(ObligationWorkflow.submit, await signed_now(env, "submit", oid, submit))
    returned = await signed_now(env, "return", oid, ReviewRequest(actor=COORDINATOR, reason="нет подписи"))
    await handle.execute_update(ObligationWorkflow.return_submission, returned)
    for _ in range(3):  # resubmitted and returned again until the run has handed over
        await handle.execute_update(ObligationWorkflow.submit, await signed_now(env, "submit", oid, submit))
        if (await handle.describe()).run_id != first.result_run_id:
            break
        again = await signed_now(env, "return", oid, ReviewRequest(actor=COORDINATOR, reason="нет печати"))
        await handle.execute_update(ObligationWorkflow.return_submission, again)
    assert (await handle.describe()).run_id != first.result_run_id, "the run continued as new"

    recorded = list(event_log.types())
    with pytest.raises(WorkflowUpdateFailedError) as caught:
        await handle.execute_update(ObligationWorkflow.return_submission, returned, id="copied")
    assert "этот подписанный запрос уже исполнен" in str(caught.value.cause)
    assert event_log.types() == recorded, "nothing is recorded"
