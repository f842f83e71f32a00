"""`eci audit workflows ID` against real obligation workflows on the dev server."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest
from cli_invoke import run_eci
from fixtures_temporal import NoticeLog, make_terms, stream_types, until_recorded
from rewritten_workflow import RewrittenObligationWorkflow
from temporalio.client import Client

from activities.cycle import start_obligation
from config.settings import load_settings
from domain.actors import Actor
from domain.documents import DocumentDetails, DocumentKind
from domain.obligation.terms import ObligationTerms
from eci import actions
from eci.workflow_audit import Step, audit_workflow, compare, resolve
from reports.catalog_directory import CatalogDirectory
from reports.cycle_report import completion_report
from store.event_store import EventStore
from store.projections import list_statuses

pytestmark = [pytest.mark.temporal, pytest.mark.usefixtures("running_worker")]


async def _until_sent(notice_log: NoticeLog, step: str) -> None:
    for _ in range(300):
        if any(n.step == step for n in notice_log.sent):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"notice {step} was never sent")


@pytest.fixture
async def accepted(temporal_client: Client, temporal_env: str, tmp_path: Path) -> ObligationTerms:
    terms = make_terms(dt.datetime.now(dt.UTC), measure=7, due_in=dt.timedelta(days=40))
    assert await start_obligation(temporal_client, temporal_env, terms)
    await until_recorded(terms, "ObligationOpened")
    order = tmp_path / "prikaz.pdf"
    order.write_bytes(b"%PDF-1.4 order")
    details = DocumentDetails(
        kind=DocumentKind.ORDER, number="1-од", date=dt.date(2025, 2, 3), issuer="Минздрав"
    )
    settings = load_settings()
    upload = actions.DocumentUpload(details=details, path=order)
    await actions.submit(settings, Actor.parse("region:77"), terms.obligation_id, [upload])
    await actions.accept(settings, Actor.parse("coordinator"), terms.obligation_id)
    await until_recorded(terms, "ObligationClosed")
    return terms


async def test_a_finished_workflow_replays_deterministically_and_matches_the_store(
    temporal_client: Client,
    accepted: ObligationTerms,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with EventStore.open(load_settings().effective_database_url) as store:
        audit = await audit_workflow(temporal_client, store, accepted.obligation_id)
        rewritten = await audit_workflow(
            temporal_client, store, accepted.obligation_id, workflows=[RewrittenObligationWorkflow]
        )
    assert audit.deterministic, audit.replay_error
    assert audit.matches
    assert [s.type for s in audit.requested] == stream_types(accepted)
    assert audit.requested[0].type == "ObligationOpened"
    # the same history against code that takes other steps is caught
    assert not rewritten.deterministic
    assert rewritten.replay_error
    assert not rewritten.ok
    done = await asyncio.to_thread(
        run_eci, ["audit", "workflows", accepted.obligation_id, "--json"], capsys, monkeypatch
    )
    assert done.code == 0, done.err
    verdict = json.loads(done.out)
    assert (verdict["deterministic"], verdict["matches"]) == (True, True)


async def test_report_of_a_workflow_built_store_equals_its_projection(accepted: ObligationTerms) -> None:
    with EventStore.open(load_settings().effective_database_url) as store:
        report = completion_report(store, CatalogDirectory(), cycle=accepted.cycle)
        projected = list_statuses(store, cycle=accepted.cycle)
    assert [r.obligation_id for r in report.rows] == [s.id for s in projected] == [accepted.obligation_id]
    assert (report.overall.accepted, report.overall.on_time) == (1, 1)
    assert report.rows[0].documents[0].number == "1-од"


def test_compare_names_steps_missing_from_the_store_and_steps_nobody_requested() -> None:
    requested = [Step("a", "ObligationOpened", "r1"), Step("b", "DocumentSubmitted", "r1")]
    stored = [
        Step("a", "ObligationOpened", "r1"),
        Step("c", "SubmissionAccepted", "r1"),
        Step("d", "X", None),
    ]
    missing, extra = compare(requested, stored, {"r1"})
    assert [s.event_id for s in missing] == ["b"]
    assert [s.event_id for s in extra] == ["c"]


def test_local_recordings_known_by_version_are_named_from_the_store() -> None:
    stored = [Step("a", "ObligationOpened", "r1", 1), Step("b", "DocumentSubmitted", "r1", 2)]
    requested = resolve([Step(None, None, "r1", 1), Step(None, None, "r1", 3)], stored)
    assert requested[0] == stored[0]
    missing, extra = compare(requested, stored, {"r1"})
    assert [s.version for s in missing] == [3]
    assert [s.event_id for s in extra] == ["b"]


async def test_a_workflow_that_continued_as_new_is_audited_over_all_its_runs(
    temporal_client: Client, temporal_env: str, notice_log: NoticeLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from domain.obligation.requests import ExtendRequest, ReviewRequest
    from eci.identity.principal import signed_in
    from eci.identity.signing import sign_request
    from workflows import continuation
    from workflows.obligation import ObligationWorkflow

    monkeypatch.setattr(continuation, "MAX_HISTORY_EVENTS", 15)  # the worker runs in this process
    terms = make_terms(dt.datetime.now(dt.UTC), measure=7, due_in=dt.timedelta(days=40))
    assert await start_obligation(temporal_client, temporal_env, terms)
    handle = temporal_client.get_workflow_handle_for(ObligationWorkflow.run, terms.workflow_id)
    coordinator = Actor.parse("coordinator")
    me = signed_in(load_settings())  # the worker checks the signer against the test's store
    for days in (10, 20, 30):
        shift = dt.timedelta(days=days)
        later = terms.deadline.model_copy(
            update={
                "due": terms.deadline.due + shift,
                "effective_due": terms.deadline.effective_due + shift,
                "missed_at": terms.deadline.missed_at + shift,
                "reminders": (),
            }
        )
        extend = ExtendRequest(actor=coordinator, deadline=later, reason="просьба")
        await handle.execute_update(
            ObligationWorkflow.extend, sign_request(me.key, "extend", terms.obligation_id, extend)
        )
        # The run checks its length when it wakes; an update landing while it mails the last notice
        # would leave that check to the next timer, weeks away.
        await _until_sent(notice_log, f"extended-{days // 10}")
    waive = ReviewRequest(actor=coordinator, reason="нет")
    await handle.execute_update(
        ObligationWorkflow.waive, sign_request(me.key, "waive", terms.obligation_id, waive)
    )
    await handle.result()

    with EventStore.open(load_settings().effective_database_url) as store:
        audit = await audit_workflow(temporal_client, store, terms.obligation_id)
    assert audit.runs > 1
    assert audit.deterministic, audit.replay_error
    assert audit.matches
    assert [s.type for s in audit.requested] == stream_types(terms)
