"""The obligation workflow's notices go through the real mail activities into the sink, digests included."""

from __future__ import annotations

import datetime as dt
import mailbox
import uuid

import pytest
from fixtures_temporal import EventLog, make_terms
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.notify import NoticeActivities
from config.settings import Settings
from domain.contacts import Contact, ContactRole
from domain.obligation.notices import DigestKind, DigestRequest, DigestResult
from notifications.sink import SinkHandle
from store.contacts import replace_contacts
from store.event_store import EventStore
from workflows.digest import DigestWorkflow
from workflows.obligation import ObligationWorkflow

pytestmark = pytest.mark.temporal


async def test_a_forgotten_obligation_mails_reminders_notices_and_one_escalation_digest(
    time_skipping_env: WorkflowEnvironment, event_log: EventLog, sink: SinkHandle, tmp_path
) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", smtp_port=sink.port, smtp_rate_per_second=0,
        coordinator_email="coordinator@minprosv.example",
    )  # fmt: skip
    settings.data_dir.mkdir()
    store = EventStore.open(settings.effective_database_url)
    replace_contacts(store, [Contact(participant="77", role=ContactRole.RESPONSIBLE,
                                     full_name="Иванова М. П.", email="ivanova@mos.example")])  # fmt: skip
    store.close()
    notices = NoticeActivities(settings)
    client, queue = time_skipping_env.client, f"mail-{uuid.uuid4()}"
    terms = make_terms(await time_skipping_env.get_current_time(), due_in=dt.timedelta(days=20))
    async with Worker(
        client, task_queue=queue, workflows=[ObligationWorkflow, DigestWorkflow],
        activities=[notices.send_notice, notices.send_digest, event_log.record_event],
    ):  # fmt: skip
        await client.start_workflow(ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue=queue)
        await time_skipping_env.sleep(dt.timedelta(days=36))
        # Waiting for the digest must not skip the clock on to the obligation's next notice.
        with time_skipping_env.auto_time_skipping_disabled():
            digest = await client.execute_workflow(
                DigestWorkflow.run, DigestRequest(kind=DigestKind.ESCALATIONS), id=f"digest-{uuid.uuid4()}",
                task_queue=queue, result_type=DigestResult,
            )  # fmt: skip
    notices.close()

    kinds = sorted(str(m["X-ECI-Kind"]) for m in mailbox.Maildir(sink.maildir, create=False))
    assert kinds == ["deadline_missed", "escalation", *["overdue"] * 2, *["reminder"] * 3]
    assert len(digest.message_ids) == 1
    sent = [r for r in event_log.records.values() if r.event_type in ("ReminderSent", "OverdueNoticeSent")]
    assert all(r.event().message_ids for r in sent)  # type: ignore[attr-defined]
