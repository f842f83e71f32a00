"""Several workers on one task queue share the work; killing one mid-cycle loses and doubles nothing."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from fixtures_temporal import WorkerProcess
from sqlalchemy import create_engine, text
from temporalio.api.enums.v1 import EventType

from config.settings import load_settings
from domain.obligation.plan import obligations_for_cycle
from domain.obligation.start import terms_for
from eci.identity import directory
from eci.identity.principal import os_login
from eci.runtime.temporal_client import connect
from store.event_store import EventStore

pytestmark = [pytest.mark.postgres, pytest.mark.temporal, pytest.mark.slow, pytest.mark.timeout(240)]

CYCLE = 2027  # every deadline lies ahead: opening records events, no timer fires during the test
REGIONS = ("01", "05", "16", "38", "54", "66", "77", "78")


def _opened_counts(url: str) -> Counter[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT stream FROM events WHERE type = 'ObligationOpened'")).all()
    finally:
        engine.dispose()
    return Counter(row[0] for row in rows)


def _wait_for_opened(url: str, expected: int, timeout: float) -> Counter[str]:
    deadline = time.monotonic() + timeout
    while True:
        counts = _opened_counts(url)
        if sum(counts.values()) >= expected or time.monotonic() > deadline:
            return counts
        time.sleep(0.2)


async def _worker_identities(workflow_ids: list[str]) -> Counter[str]:
    """Which worker ran each workflow's tasks (and so its local activities), from Temporal's histories."""
    client = await connect(load_settings())
    identities: Counter[str] = Counter()
    for workflow_id in workflow_ids:
        history = await client.get_workflow_handle(workflow_id).fetch_history()
        for event in history.events:
            if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
                identities[event.workflow_task_completed_event_attributes.identity] += 1
    return identities


def test_workers_share_a_cycle_and_a_killed_worker_loses_and_doubles_nothing(
    cluster_env: dict[str, str], workers: list[WorkerProcess]
) -> None:
    url = cluster_env["ECI_DATABASE_URL"]
    obligations = [
        o for o in obligations_for_cycle(CYCLE) if o.participant in REGIONS or not o.participant.isdigit()
    ]
    terms = [terms_for(o, opened_by="coordinator") for o in obligations]
    expected = len(terms)
    assert expected > 150

    opening = subprocess.Popen(  # the starts come from another process, as `eci cycle open` would
        [sys.executable, "-c", _OPENER, str(CYCLE), ",".join(REGIONS)],
        env={**cluster_env, "PATH": str(Path(sys.executable).parent)},
    )
    partial = _wait_for_opened(url, expected // 4, timeout=60)
    assert 0 < sum(partial.values()) < expected, "the kill must land mid-cycle"
    workers[0].kill()

    assert opening.wait(120) == 0
    counts = _wait_for_opened(url, expected, timeout=90)

    assert len(counts) == expected, "every obligation recorded its opening"
    assert set(counts.values()) == {1}, "no opening recorded twice"
    with EventStore.open(url) as store:  # the auditor running `eci audit verify` is a registered user
        directory.add_user(store, None, os_login(), "Аудиторова А. А.", ["auditor"])
    verify = subprocess.run(
        [str(Path(sys.executable).parent / "eci"), "audit", "verify", "--json"],
        env={**cluster_env}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    report = json.loads(verify.stdout)
    assert verify.returncode == 0
    assert report["ok"] is True
    assert report["events"] >= expected

    identities = asyncio.run(_worker_identities(sorted(counts)[:: max(1, expected // 60)]))
    assert len(identities) >= 2, f"work was not shared: {identities}"


_OPENER = """
import asyncio, os, sys
from activities.cycle import start_obligations
from domain.obligation.start import terms_for
from domain.obligation.plan import obligations_for_cycle
from eci.runtime.temporal_client import connect
from config.settings import load_settings

async def main():
    settings = load_settings()
    client = await connect(settings)
    regions = sys.argv[2].split(",")
    terms = [
        terms_for(o, opened_by="coordinator")
        for o in obligations_for_cycle(int(sys.argv[1]))
        if o.participant in regions or not o.participant.isdigit()
    ]
    await start_obligations(client, settings.temporal_task_queue, terms, concurrency=20)

asyncio.run(main())
# Leave before interpreter finalization: the Temporal client's Rust threads can call back into a
# finalizing interpreter and crash it (SIGABRT/SIGSEGV), though every start was made.
sys.stdout.flush()
os._exit(0)
"""
