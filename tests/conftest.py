"""Fixtures shared by every test package."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Signing keys made by tests outside a data dir fixture stay out of the home directory too.
os.environ.setdefault("ECI_KEY_DIR", tempfile.mkdtemp(prefix="eci-test-keys-"))


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _sqlite_template: Path) -> Path:
    """A fresh `ECI_DATA_DIR` for one test, holding an empty event store (as `eci db init` leaves it),
    with the environment pointing at it."""
    path = tmp_path / "eci-data"
    path.mkdir()
    shutil.copyfile(_sqlite_template, path / "events.sqlite3")
    monkeypatch.setenv("ECI_DATA_DIR", str(path))
    # The signed-in user's key goes to the test's folder, never to the home of whoever runs the tests.
    monkeypatch.setenv("ECI_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("ECI_DATABASE_URL", raising=False)
    return path

pytest_plugins = [
    "fixtures_identity",
    "fixtures_store",
    "fixtures_temporal",
    "fixtures_intake",
    "fixtures_imap",
]
