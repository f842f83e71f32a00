"""Decisions and witnesses' checkpoints by mail: an accepted or returned notice carries the log receipt of the
decision and the submission it decided, verifiable offline; the hourly checkpoint job mails the witnesses a
signed checkpoint with the proof that the log extends the one mailed before, once per checkpoint."""

from __future__ import annotations

import datetime as dt
import json
import mailbox
import shutil
import subprocess
import sys
import uuid
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from store_events import accepted, new, opened, reminder, returned, stream_of, submitted
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.checkpoint import CheckpointActivities
from activities.notify import NoticeActivities
from config.settings import Settings
from domain.contacts import Contact, ContactRole
from domain.obligation.notices import NoticeKind, NoticeRequest
from notifications.sink import SinkHandle
from notifications.stack import MailStack
from reports import receipt_verifier
from store.contacts import replace_contacts
from workflows.checkpoint import CheckpointWorkflow
from workflows.checkpoint_schedule import CHECKPOINT_EVERY, checkpoint_schedule

OID = "2023/05/77"
OFFICIAL = "ivanova@mos.example"
WITNESSES = "auditor-1@schetnaya.example, auditor-2@minzdrav.example"
BARE_PYTHON = shutil.which("python3", path="/usr/bin:/bin") or sys.executable


@pytest.fixture
def settings(sink: SinkHandle, tmp_path: Path) -> Settings:
    data = tmp_path / "data"
    data.mkdir()
    return Settings(data_dir=data, smtp_port=sink.port, smtp_rate_per_second=0, witness_emails=WITNESSES)


def messages(sink: SinkHandle) -> list[EmailMessage]:
    """The sink's messages, witnesses' checkpoints in the order of their sizes."""
    found = [message_from_bytes(m.as_bytes(), policy=default) for m in mailbox.Maildir(sink.maildir)]
    return sorted(found, key=lambda m: int(str(m["X-ECI-Step"]).split("-")[1]))  # type: ignore[arg-type, return-value]


def attachment(message: EmailMessage, folder: Path) -> Path:
    [part] = list(message.iter_attachments())
    name = part.get_filename()
    assert name is not None
    path = folder / name
    path.write_bytes(part.get_content())
    return path


def check(folder: Path, *args: Path | str) -> tuple[int, dict[str, Any]]:
    """verify_receipt.py, copied beside the files, run by a bare interpreter."""
    verifier = folder / "verify_receipt.py"
    if not verifier.exists():
        shutil.copyfile(receipt_verifier.__file__, verifier)
    done = subprocess.run(
        [BARE_PYTHON, "-I", str(verifier), *map(str, args), "--json"],
        capture_output=True, text=True, timeout=60, check=False, cwd=folder,
    )  # fmt: skip
    return done.returncode, json.loads(done.stdout)


def notice(kind: NoticeKind, step: str) -> NoticeRequest:
    return NoticeRequest(
        obligation_id=OID, kind=kind, step=step, due=dt.date(2023, 12, 31), effective_due=dt.date(2024, 1, 9),
        reason="нет подписи" if kind is NoticeKind.RETURNED else None,
    )  # fmt: skip


async def test_returned_and_accepted_notices_carry_a_receipt_a_region_verifies_offline(
    settings: Settings, sink: SinkHandle, tmp_path: Path
) -> None:
    stack = MailStack.from_settings(settings)
    try:
        store = stack.store
        contact = Contact(participant="77", role=ContactRole.RESPONSIBLE, full_name="Иванова", email=OFFICIAL)
        replace_contacts(store, [contact])
        store.append(stream_of(OID), [new(opened(OID)), new(submitted(OID, 1)), new(returned(OID))])
        await stack.notifier.send_notice(notice(NoticeKind.RETURNED, "returned-1"))
        store.append(stream_of(OID), [new(submitted(OID, 2)), new(reminder(OID, 7)), new(accepted(OID))])
        await stack.notifier.send_notice(notice(NoticeKind.ACCEPTED, "accepted"))
    finally:
        await stack.aclose()

    folder = tmp_path / "region"
    folder.mkdir()
    sent = {
        str(m["X-ECI-Kind"]): m
        for m in (message_from_bytes(x.as_bytes(), policy=default) for x in mailbox.Maildir(sink.maildir))
    }
    expected = {
        "returned": ["DocumentSubmitted", "SubmissionReturned"],
        "accepted": ["DocumentSubmitted", "SubmissionAccepted"],
    }
    for kind, types in expected.items():
        message = sent[kind]
        kept = folder / kind
        kept.mkdir()
        path = attachment(message, kept)
        assert path.name == "kvitanciya-2023-05-77.json"
        code, result = check(kept, path.name)
        assert code == 0, result
        assert [e["type"] for e in result["events"]] == types
        body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert f"python3 verify_receipt.py {path.name}" in body
        assert result["key_id"] in body
    returned_events = [
        e["position"] for e in check(folder / "returned", "kvitanciya-2023-05-77.json")[1]["events"]
    ]
    accepted_events = [
        e["position"] for e in check(folder / "accepted", "kvitanciya-2023-05-77.json")[1]["events"]
    ]
    assert returned_events == [2, 3], "the return and the submission it returned"
    assert accepted_events == [4, 6], "the acceptance and the submission it accepted"


async def test_the_checkpoint_job_mails_witnesses_each_checkpoint_once_with_a_proof_from_the_last(
    settings: Settings, sink: SinkHandle, time_skipping_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    assert checkpoint_schedule("q").spec.intervals[0].every == CHECKPOINT_EVERY == dt.timedelta(hours=1)
    stack = MailStack.from_settings(settings)
    notices = NoticeActivities(settings)
    job = CheckpointActivities(settings, notices)
    client, queue = time_skipping_env.client, f"checkpoints-{uuid.uuid4()}"

    async def run() -> dict[str, Any]:
        result: dict[str, Any] = await client.execute_workflow(
            CheckpointWorkflow.run, id=f"log/checkpoint-{uuid.uuid4()}", task_queue=queue
        )
        return result

    try:
        async with Worker(
            client, task_queue=queue, workflows=[CheckpointWorkflow], activities=[job.sign_checkpoint]
        ):
            assert (await run())["size"] == 0, "an empty log has nothing to witness"
            stack.store.append(stream_of(OID), [new(opened(OID)), new(submitted(OID, 1))])
            first = await run()
            again = await run()
            stack.store.append(stream_of(OID), [new(accepted(OID))])
            second = await run()
    finally:
        notices.close()
        await stack.aclose()

    assert (first["size"], second["size"]) == (2, 3)
    assert again == first, "an unchanged log is not witnessed twice"
    sent = messages(sink)
    assert len(sent) == 2
    assert {a.addr_spec for a in sent[0]["To"].addresses} == {
        "auditor-1@schetnaya.example", "auditor-2@minzdrav.example"
    }  # fmt: skip
    folder = tmp_path / "witness"
    folder.mkdir()
    older, newer = (attachment(m, folder) for m in sent)
    assert (older.name, newer.name) == ("checkpoint-2.json", "checkpoint-3.json")
    code, result = check(folder, older.name, "--later", newer.name)
    assert code == 0, result
    assert "python3 verify_receipt.py checkpoint-2.json --later checkpoint-3.json" in (
        sent[1].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    )
