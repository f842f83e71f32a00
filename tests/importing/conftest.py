"""A dev server of this package's own: imported obligation ids must not meet other packages' workflows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fixtures_temporal import dev_server_in

from eci.runtime.devserver import DevServer


@pytest.fixture(scope="module")
def temporal_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    """A file-backed dev server for this module's tests only."""
    yield from dev_server_in(tmp_path_factory)
