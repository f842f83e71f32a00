"""No replayed action and no stale one: a person's signed request, copied (from the store, or off the
wire) and sent again straight to Temporal within its signature window, by another local user with the
SDK, is rejected and nothing is recorded; a request signed for a version of the obligation that is no
longer current is rejected with the message the person reads, and nothing is recorded."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

import pytest
from fixtures_temporal import make_terms, stream_types, until_recorded
from local_users import ROOT, can_switch_to, python_for
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError

from activities.cycle import start_obligation
from config.settings import load_settings
from domain.actors import COORDINATOR, Actor
from domain.documents import DocumentDetails, DocumentKind
from domain.obligation.requests import ReviewRequest
from domain.obligation.terms import ObligationTerms
from eci import actions
from eci.errors import StaleAction
from eci.identity.principal import signed_in
from eci.identity.signing import sign_request
from store.event_store import EventStore

pytestmark = [pytest.mark.temporal, pytest.mark.usefixtures("running_worker")]

STALE = "обязательство изменилось после того, как вы его открыли (версия 2, сейчас 4): обновите и повторите"
# What an insider runs: the request as JSON, sent with the SDK under an update id of their own.
REPLAY = """
import asyncio, json, sys
sys.path[:0] = sys.argv[1:3]
del sys.argv[1:3]
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

async def main(address, workflow_id, update, path):
    client = await Client.connect(address, data_converter=pydantic_data_converter)
    handle = client.get_workflow_handle(workflow_id)
    with open(path, encoding="utf-8") as stream:
        request = json.load(stream)
    try:
        await handle.execute_update(update, request, id="replayed-by-an-insider")
    except Exception as exc:
        print("REJECTED:", getattr(getattr(exc, "cause", None), "message", exc))
        return
    print("ACCEPTED")

asyncio.run(main(*sys.argv[1:5]))
"""


@pytest.fixture
async def under_review(temporal_client: Client, temporal_env: str, tmp_path: Path) -> ObligationTerms:
    """An obligation its region submitted to through the CLI's path (signed): stream version 2."""
    terms = make_terms(dt.datetime.now(dt.UTC), measure=9)
    assert await start_obligation(temporal_client, temporal_env, terms)
    await until_recorded(terms, "ObligationOpened")
    await submit(terms, tmp_path)
    return terms


async def submit(terms: ObligationTerms, folder: Path) -> None:
    order = folder / "prikaz.pdf"
    order.write_bytes(b"%PDF-1.4 order")
    details = DocumentDetails(
        kind=DocumentKind.ORDER, number="7-п", date=dt.date(2026, 11, 2), issuer="Минздрав"
    )
    region = Actor.parse(f"region:{terms.participant}")
    await actions.submit(
        load_settings(), region, terms.obligation_id, [actions.DocumentUpload(details, order)]
    )


def taken_from_the_store(terms: ObligationTerms, event_type: str) -> dict[str, Any]:
    """A review request rebuilt from a recorded event, as anyone who reads the store could rebuild it:
    the signed text, the signature and the public key are all in the log."""
    with EventStore.open(load_settings().effective_database_url) as store:
        event = [e for e in store.read_stream(terms.workflow_id) if e.type == event_type][0]
        keys = {
            k.event.key_id: k.event.public_key  # type: ignore[attr-defined]
            for k in store.read_prefix("users/")
            if k.type == "UserKeyRegistered"
        }
    signature = event.metadata.signature
    assert signature is not None
    signed = json.loads(signature.payload)
    return {
        "actor": Actor.parse(event.metadata.actor).model_dump(mode="json"),
        "reason": event.event.model_dump(mode="json")["reason"],
        "signature": {
            "login": event.metadata.login,
            "key_id": signature.key_id,
            "public_key": keys[signature.key_id],
            "signed_at": signature.signed_at.isoformat(),
            "value": signature.value,
            "action_id": signed["action_id"],
            "version": signed["version"],
        },
    }


def replay_as_another_local_user(terms: ObligationTerms, update: str, request: dict[str, Any]) -> str:
    """Send the request with the SDK from another process: as the local user `nobody` where root can
    switch to it, else as this user (what it proves is the workflow's refusal, not the OS's). The worker
    runs in the test's event loop: call this off it (`asyncio.to_thread`)."""
    folder = Path(tempfile.mkdtemp(prefix="eci-replay-"))
    try:
        folder.chmod(0o755)
        path = folder / "request.json"
        path.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
        path.chmod(0o644)
        site = sysconfig.get_paths()["purelib"]
        args = [str(ROOT), site, load_settings().temporal_address, terms.workflow_id, update, str(path)]
        if can_switch_to("nobody"):
            command = [str(shutil.which("runuser")), "-u", "nobody", "--", str(python_for("nobody"))]
        else:
            command = [sys.executable]
        done = subprocess.run(
            [*command, "-c", REPLAY, *args], capture_output=True, text=True, timeout=60, check=False, cwd="/"
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()
    finally:
        shutil.rmtree(folder)


async def test_a_signed_return_replayed_within_its_window_is_rejected_and_nothing_is_recorded(
    under_review: ObligationTerms, tmp_path: Path
) -> None:
    settings, oid = load_settings(), under_review.obligation_id
    await actions.return_submission(settings, COORDINATOR, oid, "нет подписи руководителя")
    await submit(under_review, tmp_path)  # under review again: a second return would be in order
    before = stream_types(under_review)
    assert before == ["ObligationOpened", "DocumentSubmitted", "SubmissionReturned", "DocumentSubmitted"]

    copied = taken_from_the_store(under_review, "SubmissionReturned")
    answer = await asyncio.to_thread(replay_as_another_local_user, under_review, "return", copied)

    assert answer.startswith(
        "REJECTED: возврат на доработку отклонено: этот подписанный запрос уже исполнен"
    ), answer
    assert stream_types(under_review) == before, "nothing is recorded"
    progress = await actions.obligation_progress(settings, oid)
    assert progress.returns == 1


async def test_an_action_signed_for_an_older_version_is_rejected_and_nothing_is_recorded(
    temporal_client: Client, under_review: ObligationTerms, tmp_path: Path
) -> None:
    settings, oid = load_settings(), under_review.obligation_id
    key = signed_in(settings).key
    seen = len(stream_types(under_review))  # the coordinator opens the obligation: version 2
    stale = sign_request(key, "accept", oid, ReviewRequest(actor=COORDINATOR), version=seen)
    # Meanwhile another coordinator returns it and the region submits anew: version 4.
    await actions.return_submission(settings, COORDINATOR, oid, "нет подписи руководителя")
    await submit(under_review, tmp_path)
    before = stream_types(under_review)

    handle: WorkflowHandle[object, object] = temporal_client.get_workflow_handle(under_review.workflow_id)
    with pytest.raises(WorkflowUpdateFailedError) as caught:
        await handle.execute_update("accept", stale)
    assert getattr(caught.value.cause, "message", None) == STALE
    assert stream_types(under_review) == before, "nothing is recorded"

    # The terminal's path: the version the coordinator had before them is what is signed, and refused.
    with pytest.raises(StaleAction) as refused:
        await actions.accept(settings, COORDINATOR, oid, seen_version=seen)
    assert str(refused.value) == STALE
    assert stream_types(under_review) == before
    # Refreshed, the same action goes through.
    await actions.accept(settings, COORDINATOR, oid, seen_version=len(before))
    assert stream_types(under_review)[-1] == "SubmissionAccepted"
