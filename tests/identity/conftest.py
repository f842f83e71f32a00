"""A tracker root set up in a folder other local users can reach, for the tests run as `nobody`."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_users import SharedTracker

from eci.identity import directory
from eci.identity.principal import os_login
from store.event_store import EventStore


@pytest.fixture
def shared() -> Iterator[SharedTracker]:
    """Root's tracker (root registered as admin and coordinator) in a folder every user may enter."""
    base = Path(tempfile.mkdtemp(prefix="eci-shared-"))
    base.chmod(0o755)
    data_dir, key_dir = base / "data", base / "keys"
    data_dir.mkdir()
    key_dir.mkdir()
    data_dir.chmod(0o777)  # SQLite writes its journal beside the file
    key_dir.chmod(0o777)
    tracker = SharedTracker(data_dir, key_dir)
    with EventStore.open(tracker.url) as store:
        directory.add_user(store, None, os_login(), "Администратор А. А.", ["admin", "coordinator"])
    (data_dir / "events.sqlite3").chmod(0o666)
    yield tracker
    shutil.rmtree(base)
