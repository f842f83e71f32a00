"""Imported obligations left open get a live workflow on the dev server; closed ones get none."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from history_files import write_history
from temporalio.client import Client

from config.settings import Settings, load_settings
from domain.actors import COORDINATOR
from domain.obligation.progress import ObligationProgress
from eci import actions
from eci.errors import EciError
from eci.history_import.run import run_import_async
from store.event_store import EventStore
from store.projections import get_status

pytestmark = [pytest.mark.temporal]

# The session's dev server outlives each test: every test uses obligations of its own.
CLOSED = {
    "obligation": "2024/05/78",
    "state": "waived",
    "waived_on": "2024-06-01",
    "waive_reason": "Решение межведомственной рабочей группы",
}
OVERDUE = {"obligation": "2025/05/77", "state": "overdue"}


async def _types(store: EventStore, stream: str, until: str) -> list[str]:
    for _ in range(200):
        types = [r.type for r in store.read_stream(stream)]
        if until in types:
            return types
        await asyncio.sleep(0.1)
    raise AssertionError(f"{stream}: {until} never recorded ({types})")


async def _first_progress(settings: Settings, obligation: str) -> ObligationProgress:
    # A workflow answers queries once its first task has run.
    for _ in range(100):
        try:
            return await actions.obligation_progress(settings, obligation)
        except EciError:
            await asyncio.sleep(0.2)
    return await actions.obligation_progress(settings, obligation)


@pytest.mark.usefixtures("running_worker")
async def test_an_overdue_import_goes_on_live_and_escalates(data_dir: Path, temporal_client: Client) -> None:
    settings = load_settings()
    path = write_history(data_dir / "history.csv", [CLOSED, OVERDUE])
    summary = await run_import_async(settings, path, COORDINATOR)
    assert (summary.obligations_written, summary.workflows_started) == (2, 1)
    store = EventStore.open(settings.effective_database_url)
    try:
        types = await _types(store, "obligation/2025/05/77", "Escalated")
        assert types[:2] == ["ObligationImported", "DeadlineMissedImported"]
        status = get_status(store, "2025/05/77")
        assert status is not None
        assert status.state.value == "overdue"
        assert status.escalated
    finally:
        store.close()
    with pytest.raises(Exception, match="not found"):
        await temporal_client.get_workflow_handle("obligation/2024/05/78").describe()


@pytest.mark.usefixtures("running_worker")
async def test_an_imported_submission_awaits_review_and_can_be_accepted(data_dir: Path) -> None:
    row = {
        "obligation": "2025/05/50",
        "state": "submitted",
        "document_kind": "доклад",
        "document_number": "15-исх",
        "document_date": "2026-04-01",
        "document_issuer": "Правительство субъекта",
        "submitted_on": "2026-04-10",
    }
    settings = load_settings()
    summary = await run_import_async(settings, write_history(data_dir / "history.csv", [row]), COORDINATOR)
    assert summary.workflows_started == 1
    waiting = await _first_progress(settings, "2025/05/50")
    assert (waiting.state.value, waiting.submissions) == ("submitted", 1)
    progress = await actions.accept(settings, COORDINATOR, "2025/05/50")
    assert progress.state.value == "accepted"
    store = EventStore.open(settings.effective_database_url)
    try:
        types = await _types(store, "obligation/2025/05/50", "ObligationClosed")
        assert types[:3] == ["ObligationImported", "SubmissionImported", "SubmissionAccepted"]
        status = get_status(store, "2025/05/50")
        assert status is not None
        assert status.state.value == "accepted"
    finally:
        store.close()


async def test_open_obligations_without_a_worker_are_refused_before_writing(
    data_dir: Path, temporal_env: str
) -> None:
    path = write_history(data_dir / "history.csv", [CLOSED, OVERDUE])
    with EventStore.open(load_settings().effective_database_url) as store:
        before = store.head()  # the test's users only
    with pytest.raises(EciError, match="не опрашивает ни один обработчик"):
        await run_import_async(load_settings(), path, COORDINATOR)
    store = EventStore.open(load_settings().effective_database_url)
    try:
        assert store.head() == before
    finally:
        store.close()
