"""Fixtures for the TUI tests: a real SQLite event store filled with deterministic sample history."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from tui_sample_store import TODAY, fill_store

from tui.actions import ActionRequest
from tui.app import EciApp
from tui.catalog import plan_catalog
from tui.store_source import StoreSource


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One populated SQLite file for the session; tests copy it."""
    path = tmp_path_factory.mktemp("tui-store") / "events.sqlite3"
    fill_store(f"sqlite:///{path}")
    return path


@pytest.fixture
def store_url(sample_db: Path, tmp_path: Path) -> str:
    """A private copy of the sample store."""
    copy = tmp_path / "events.sqlite3"
    shutil.copy(sample_db, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def empty_store_url(tmp_path: Path) -> str:
    """A fresh, empty store."""
    return f"sqlite:///{tmp_path / 'empty.sqlite3'}"


Runner = Callable[[ActionRequest], Awaitable[Any]]


@pytest.fixture
def make_app() -> Callable[..., EciApp]:
    """Build apps over a store URL with a fixed today and a fast poll."""

    def build(
        url: str, actions: Runner | None = None, poll_seconds: float = 0.3, cycle: int | None = None
    ) -> EciApp:
        return EciApp(StoreSource.open(url), plan_catalog(), actions=actions, today=lambda: TODAY,
                      poll_seconds=poll_seconds, cycle=cycle)

    return build
