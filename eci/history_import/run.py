"""Running an import from the CLI: check the file, make sure Temporal can take the open obligations,
write the events, then start a live workflow for each obligation the history leaves open."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from pathlib import Path

from temporalio.client import Client

from config.settings import Settings
from domain.actors import Actor
from domain.history_import.resume import imported_progress
from domain.history_import.rules import ImportedObligation
from domain.obligation.plan import get_obligation
from domain.obligation.start import terms_for
from domain.obligation.terms import ObligationTerms
from eci.history_import.importer import ImportSummary, check_file, import_planned
from store.event_store import EventStore


def live_terms(item: ImportedObligation, actor: Actor) -> ObligationTerms:
    """The workflow input continuing an imported obligation from where its history left off."""
    terms = terms_for(get_obligation(str(item.obligation)), opened_by=str(actor))
    return terms.model_copy(update={"imported": imported_progress(item)})


async def start_live(
    client: Client, settings: Settings, items: Sequence[ImportedObligation], actor: Actor
) -> int:
    """Start (idempotently) the workflows of imported obligations that stay open."""
    from activities.cycle import start_obligations

    terms = [live_terms(item, actor) for item in items]
    running, _closed = await start_obligations(client, settings.temporal_task_queue, terms)
    return running


async def run_import_async(settings: Settings, path: Path, actor: Actor) -> ImportSummary:
    """`run_import` inside a running event loop."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    source, planned = check_file(path)
    needing = [item for item in planned if item.needs_workflow]
    client: Client | None = None
    if needing:
        from eci.runtime.temporal_client import connect, require_worker

        client = await connect(settings)
        await require_worker(client, settings)
    store = EventStore.open(settings.effective_database_url)
    try:
        summary = import_planned(store, source, planned, actor, live=client is not None)
    finally:
        store.close()
    if client is None:
        return summary
    started = await start_live(client, settings, needing, actor)
    return dataclasses.replace(summary, workflows_started=started)


def run_import(settings: Settings, path: Path, actor: Actor) -> ImportSummary:
    """`eci import FILE`: everything or nothing, then the open obligations' workflows."""
    return asyncio.run(run_import_async(settings, path, actor))
