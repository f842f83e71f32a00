"""A dev server of this package's own: the demo's obligation ids must not meet other packages' workflows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fixtures_temporal import free_port

from eci.runtime.devserver import DevServer, start_dev_server


@pytest.fixture(scope="module")
def temporal_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    """A file-backed dev server for this module's tests only."""
    db = tmp_path_factory.mktemp("temporal") / "temporal.sqlite3"
    server = start_dev_server(db, "127.0.0.1", free_port())
    yield server
    server.stop()
