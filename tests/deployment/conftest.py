"""The production topology as processes: PostgreSQL event store, a Temporal server, several workers."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures_identity import grant_every_role
from fixtures_temporal import WorkerProcess, free_port

from eci.runtime.devserver import DevServer


@pytest.fixture
def cluster_env(
    postgres_url: str, temporal_server: DevServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """Settings shared by every process of the topology (and by this test's own client)."""
    env = {
        "ECI_DATA_DIR": str(tmp_path / "eci-data"),
        "ECI_DATABASE_URL": postgres_url,
        "ECI_TEMPORAL_ADDRESS": temporal_server.address,
        "ECI_TEMPORAL_TASK_QUEUE": f"eci-cluster-{uuid.uuid4().hex[:12]}",
        # No timer fires in these tests; an unused port makes any stray mail fail loudly.
        "ECI_SMTP_PORT": str(free_port()),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def _await_polling(worker: WorkerProcess, attempts: int = 6) -> None:
    """Wait for a worker to poll; three cold starts at once on two cores can take a while."""
    for attempt in range(attempts):
        try:
            asyncio.run(worker.until_polling())
            return
        except TimeoutError:
            if attempt == attempts - 1:
                raise


@pytest.fixture
def workers(cluster_env: dict[str, str]) -> Iterator[list[WorkerProcess]]:
    """Three `eci worker` processes polling one task queue, as the test's OS user: registered first (the
    founding admin of the empty database), since a worker seals what it records with its user's key."""
    grant_every_role()
    started = [WorkerProcess(dict(cluster_env)) for _ in range(3)]
    for worker in started:
        worker.spawn()
    for worker in started:
        _await_polling(worker)
    yield started
    for worker in started:
        worker.stop()
