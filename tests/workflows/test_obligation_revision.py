"""A run started at the current revision takes every change of it without a patch marker in its history;
a run started as before revisions existed still asks each patch (and records it), and both end alike."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fixtures_temporal import make_terms, stream_types, until_recorded
from temporalio.api.enums.v1 import EventType
from temporalio.api.history.v1 import HistoryEvent
from temporalio.client import Client

from activities.cycle import start_obligation
from config.settings import load_settings
from domain.actors import Actor
from domain.documents import DocumentDetails, DocumentKind
from domain.obligation.states import ObligationState
from domain.obligation.terms import CURRENT_REVISION, ObligationTerms
from eci import actions
from workflows import continuation, obligation, obligation_steps, opening_gate
from workflows.revision import REVISION_1

pytestmark = [pytest.mark.temporal, pytest.mark.usefixtures("running_worker")]

COORDINATOR = Actor.parse("coordinator")
REGION = Actor.parse("region:77")
MARKER = EventType.EVENT_TYPE_MARKER_RECORDED
UPSERT = EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES


async def _submit_and_accept(terms: ObligationTerms, client: Client, queue: str, tmp_path: Path) -> None:
    assert await start_obligation(client, queue, terms)
    await until_recorded(terms, "ObligationOpened")
    path = tmp_path / f"order-{terms.measure}.pdf"
    path.write_bytes(b"%PDF-1.4 test order")
    details = DocumentDetails(kind=DocumentKind.ORDER, number="1", date=dt.date(2025, 2, 3), issuer="МЗ")
    settings = load_settings()
    await actions.submit(settings, REGION, terms.obligation_id, [actions.DocumentUpload(details, path)])
    accepted = await actions.accept(settings, COORDINATOR, terms.obligation_id)
    assert accepted.state is ObligationState.ACCEPTED
    await client.get_workflow_handle(terms.workflow_id).result()  # the run records its closing, and ends


async def _patches(client: Client, terms: ObligationTerms) -> tuple[set[str], int]:
    """The patch ids marked in the run's history, and how many upserts set TemporalChangeVersion."""
    history = await client.get_workflow_handle(terms.workflow_id).fetch_history()
    marked = {_patch_id(e) for e in history.events if e.event_type == MARKER}
    upserted = [
        e.upsert_workflow_search_attributes_event_attributes.search_attributes.indexed_fields
        for e in history.events
        if e.event_type == UPSERT
    ]
    versions = sum(1 for fields in upserted if "TemporalChangeVersion" in fields)
    return marked - {""}, versions


def _patch_id(event: HistoryEvent) -> str:
    attributes = event.marker_recorded_event_attributes
    if attributes.marker_name != "core_patch":
        return ""
    return str(json.loads(attributes.details["patch-data"].payloads[0].data)["id"])


def test_the_revision_lists_every_patch_the_workflow_asks() -> None:
    asked = {
        opening_gate.OPENING_GATE_PATCH,
        obligation_steps.LOCAL_RECORD_PATCH,
        obligation_steps.SIGNED_UPDATES_PATCH,
        obligation_steps.SIGNER_ON_RECORD_PATCH,
        obligation.CLOSED_WHILE_SENDING_PATCH,
        continuation.CONTINUE_AS_NEW_PATCH,
    }
    assert asked == REVISION_1


async def test_a_run_at_the_current_revision_records_no_patch_marker(
    temporal_client: Client, temporal_env: str, tmp_path: Path
) -> None:
    terms = make_terms(dt.datetime.now(dt.UTC), measure=8)
    assert terms.revision == CURRENT_REVISION

    await _submit_and_accept(terms, temporal_client, temporal_env, tmp_path)

    assert await _patches(temporal_client, terms) == (set(), 0)


async def test_a_run_started_before_revisions_asks_its_patches_and_ends_alike(
    temporal_client: Client, temporal_env: str, tmp_path: Path
) -> None:
    now = dt.datetime.now(dt.UTC)
    current = make_terms(now, measure=9)
    before = make_terms(now, measure=10).model_copy(update={"revision": 0})

    await _submit_and_accept(current, temporal_client, temporal_env, tmp_path)
    await _submit_and_accept(before, temporal_client, temporal_env, tmp_path)

    marked, versions = await _patches(temporal_client, before)
    # Asked along the way it took: the opening gate, local recording, signed updates, the signer on record.
    assert marked == REVISION_1 - {obligation.CLOSED_WHILE_SENDING_PATCH, continuation.CONTINUE_AS_NEW_PATCH}
    assert versions == len(marked)
    assert stream_types(before) == stream_types(current)
