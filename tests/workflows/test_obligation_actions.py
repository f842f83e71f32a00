"""The actions against real obligation workflows on the dev server, recorded in a real event store."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from fixtures_temporal import NoticeLog, make_terms, stream_types, until_recorded
from temporalio.client import Client

from activities.cycle import start_obligation
from config.settings import load_settings
from domain.actors import Actor
from domain.documents import DocumentDetails, DocumentKind
from domain.obligation.states import ObligationState
from domain.obligation.terms import ObligationTerms
from eci import actions
from eci.errors import EciError
from store.document_db import DatabaseDocuments
from store.event_store import EventStore

pytestmark = [pytest.mark.temporal, pytest.mark.usefixtures("running_worker")]

COORDINATOR = Actor.parse("coordinator")
REGION = Actor.parse("region:77")


@pytest.fixture
async def opened(temporal_client: Client, temporal_env: str) -> ObligationTerms:
    terms = make_terms(dt.datetime.now(dt.UTC), measure=7, due_in=dt.timedelta(days=40))
    assert await start_obligation(temporal_client, temporal_env, terms)
    await until_recorded(terms, "ObligationOpened")
    return terms


@pytest.fixture
def order_file(tmp_path: Path) -> Path:
    path = tmp_path / "prikaz.pdf"
    path.write_bytes(b"%PDF-1.4 test order")
    return path


def upload(path: Path) -> actions.DocumentUpload:
    details = DocumentDetails(
        kind=DocumentKind.ORDER, number="15-од", date=dt.date(2025, 2, 3), issuer="Минсоцразвития"
    )
    return actions.DocumentUpload(details=details, path=path)


async def test_a_returned_submission_is_resubmitted_and_accepted(
    opened: ObligationTerms, order_file: Path, notice_log: NoticeLog
) -> None:
    settings = load_settings()
    oid = opened.obligation_id
    assert (
        await actions.submit(settings, REGION, oid, [upload(order_file)])
    ).state is ObligationState.SUBMITTED
    returned = await actions.return_submission(settings, COORDINATOR, oid, "нет подписи")
    assert returned.state is ObligationState.RETURNED
    await actions.submit(settings, REGION, oid, [upload(order_file)])
    accepted = await actions.accept(settings, COORDINATOR, oid)

    assert accepted.state is ObligationState.ACCEPTED
    assert stream_types(opened)[:5] == [
        "ObligationOpened",
        "DocumentSubmitted",
        "SubmissionReturned",
        "DocumentSubmitted",
        "SubmissionAccepted",
    ]
    # The document is in the event store's database, where every process of a deployment reads it.
    content = await asyncio.to_thread(order_file.read_bytes)
    with EventStore.open(settings.effective_database_url) as store:
        submitted = next(r for r in store.read_stream(f"obligation/{oid}") if r.type == "DocumentSubmitted")
        sha = submitted.event.documents[0].file.sha256
        assert DatabaseDocuments(store.engine).read(sha) == content
    assert not settings.documents_dir.exists(), "no file is kept under the data dir"


async def test_bad_updates_are_rejected_before_anything_is_recorded(
    opened: ObligationTerms, order_file: Path
) -> None:
    settings = load_settings()
    oid = opened.obligation_id
    with pytest.raises(EciError, match="принимать нечего"):
        await actions.accept(settings, COORDINATOR, oid)
    with pytest.raises(EciError, match="регион 50 не может представлять"):
        await actions.submit(settings, Actor.parse("region:50"), oid, [upload(order_file)])
    with pytest.raises(EciError, match="только координатор"):
        await actions.waive(settings, REGION, oid, "не нужно")
    with pytest.raises(EciError, match="аудитор ничего не изменяет"):
        await actions.submit(settings, Actor.parse("auditor"), oid, [upload(order_file)])
    with pytest.raises(EciError, match="должен быть позже нынешнего"):
        await actions.extend(settings, COORDINATOR, oid, opened.deadline.due - dt.timedelta(days=3), "раньше")

    assert stream_types(opened) == ["ObligationOpened"]
    assert not settings.documents_dir.exists() or not any(settings.documents_dir.rglob("*.*"))
    with EventStore.open(settings.effective_database_url) as store:
        assert DatabaseDocuments(store.engine).count() == 0, "a refused submission stores no document"


async def test_waiving_closes_the_obligation_for_good(
    opened: ObligationTerms, temporal_client: Client, temporal_env: str
) -> None:
    settings = load_settings()
    waived = await actions.waive(settings, COORDINATOR, opened.obligation_id, "мероприятие не применяется")
    assert waived.state is ObligationState.WAIVED
    await temporal_client.get_workflow_handle(opened.workflow_id).result()
    await until_recorded(opened, "ObligationClosed")

    with pytest.raises(EciError, match="закрыто"):
        await actions.accept(settings, COORDINATOR, opened.obligation_id)
    assert not await start_obligation(temporal_client, temporal_env, opened), (
        "a closed obligation never reruns"
    )
    assert stream_types(opened) == ["ObligationOpened", "ObligationWaived", "ObligationClosed"]


async def test_extension_moves_the_deadline_and_notifies(
    opened: ObligationTerms, notice_log: NoticeLog
) -> None:
    settings = load_settings()
    new_due = opened.deadline.due + dt.timedelta(days=60)
    extended = await actions.extend(settings, COORDINATOR, opened.obligation_id, new_due, "просьба региона")

    assert extended.deadline.due == new_due
    assert extended.deadline.effective_due >= new_due
    assert "DeadlineExtended" in stream_types(opened)


async def test_starting_an_obligation_twice_runs_one_workflow(
    opened: ObligationTerms, temporal_client: Client, temporal_env: str
) -> None:
    first = await temporal_client.get_workflow_handle(opened.workflow_id).describe()
    assert await start_obligation(temporal_client, temporal_env, opened)
    second = await temporal_client.get_workflow_handle(opened.workflow_id).describe()

    assert first.run_id == second.run_id
    assert stream_types(opened) == ["ObligationOpened"]


async def test_the_coordinator_can_list_workflows_by_status_region_and_cycle(
    opened: ObligationTerms, order_file: Path, temporal_client: Client
) -> None:
    await actions.submit(load_settings(), REGION, opened.obligation_id, [upload(order_file)])
    query = f"EciStatus = 'submitted' AND EciRegion = '77' AND EciCycle = {opened.cycle} AND EciMeasure = 7"
    for _ in range(200):  # visibility follows the workflow a moment later
        found = [w.id async for w in temporal_client.list_workflows(query)]
        if found:
            break
        await asyncio.sleep(0.05)
    assert found == [opened.workflow_id]
