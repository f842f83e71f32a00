"""`eci cycle retime` on the dev server with the real worker and store: each move a recorded event."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest
from cli_invoke import run_eci
from temporalio.client import Client

from activities.cycle import start_obligation
from config.settings import load_settings
from domain.actors import COORDINATOR
from domain.obligation.plan import get_obligation
from domain.obligation.start import deadline_for, terms_for
from eci import actions
from store.event_store import EventStore

pytestmark = [pytest.mark.temporal, pytest.mark.usefixtures("running_worker")]

# The reading before seed 001 lines 138-140 were applied: an annual obligation due on 31 December.
OLD_DUE = dt.date(2029, 12, 31)


async def open_with_old_deadline(client: Client, queue: str, oid: str) -> None:
    terms = terms_for(get_obligation(oid)).model_copy(update={"deadline": deadline_for(OLD_DUE)})
    assert await start_obligation(client, queue, terms)


def stream_types(oid: str) -> list[str]:
    with EventStore.open(load_settings().effective_database_url) as store:
        return [r.type for r in store.read_stream(f"obligation/{oid}")]


async def test_retime_moves_open_obligations_to_the_report_date_and_keeps_extensions(
    temporal_client: Client, temporal_env: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    await open_with_old_deadline(temporal_client, temporal_env, "2029/02/77")
    await open_with_old_deadline(temporal_client, temporal_env, "2029/04/77")
    settings = load_settings()
    await actions.extend(settings, COORDINATOR, "2029/04/77", dt.date(2030, 2, 1), "просьба региона")

    # The command runs its own event loop, as from a shell; the worker goes on in the test's loop.
    first = await asyncio.to_thread(
        run_eci, ["cycle", "retime", "2029", "--region", "77", "--reason", "срок годового отчёта", "--json"],
        capsys, monkeypatch,
    )  # fmt: skip
    again = await asyncio.to_thread(
        run_eci, ["cycle", "retime", "2029", "--region", "77", "--reason", "повтор", "--json"],
        capsys, monkeypatch,
    )  # fmt: skip

    assert first.code == 0, first.err
    summary = json.loads(first.out)
    assert summary["retimed"] == [{
        "obligation": "2029/02/77", "previous_due": "2029-12-31",
        "due": "2030-04-15", "effective_due": "2030-04-15",
    }]  # fmt: skip
    assert summary["extended_kept"] == ["2029/04/77"]
    # The region's other 15 obligations of 2029 were never opened (17 annual measures are the regions'
    # own; 15, 20 and 29 are not).
    assert summary["not_running"] == 15
    assert json.loads(again.out)["retimed"] == []
    assert json.loads(again.out)["unchanged"] == 1
    assert stream_types("2029/02/77").count("DeadlineRetimed") == 1
    assert "DeadlineRetimed" not in stream_types("2029/04/77")


def test_retime_needs_the_coordinator_and_a_reason(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    as_region = run_eci(
        ["cycle", "retime", "2029", "--reason", "x", "--as", "region:77"], capsys, monkeypatch
    )
    blank = run_eci(["cycle", "retime", "2029", "--reason", " "], capsys, monkeypatch)

    assert as_region.code != 0
    refused = "eci: error: только координатор может перенести сроки цикла; регион 77 не может"
    assert as_region.err.strip() == refused
    assert blank.code != 0
    assert blank.err.strip() == "eci: error: нужна причина, чтобы перенести сроки цикла"
