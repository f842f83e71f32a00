"""Fixtures for the TUI tests: a real SQLite event store filled with deterministic sample history."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from domain.contacts import Contact, ContactRole
from domain.regions import REGIONS, FederalDistrict
from store.contacts import replace_contacts
from store.event_store import Batch, EventStore
from tui.actions import ActionRequest
from tui.app import EciApp
from tui.catalog import plan_catalog
from tui.format import MOSCOW
from tui.sample_data import sample_streams
from tui.store_source import StoreSource

TODAY = dt.date(2024, 3, 1)
NOW = dt.datetime(2024, 3, 1, 12, tzinfo=MOSCOW)
PARTICIPANTS = frozenset(
    {r.code for r in REGIONS if r.federal_district is FederalDistrict.NORTHWESTERN}
    | {"77", "50", "Минтруд России", "Минпросвещения России"}
)

# Participants of the sample store left without contacts: their rows are flagged, their mail escalated.
WITHOUT_CONTACT = frozenset({"78", "Минпросвещения России"})


def sample_contacts(participants: frozenset[str] = PARTICIPANTS - WITHOUT_CONTACT) -> list[Contact]:
    """A responsible official and a deputy for each participant (invented work addresses)."""
    return [
        Contact(participant=p, role=role, full_name=f"Сотрудник {i} {role.value}",
                email=f"staff{i}.{role.value}@example.ru")
        for i, p in enumerate(sorted(participants))
        for role in (ContactRole.RESPONSIBLE, ContactRole.DEPUTY)
    ]


def fill_store(url: str, cycles: tuple[int, ...] = (2023, 2024)) -> None:
    """Append the sample history of the test participants through the event store."""
    store = EventStore.open(url)
    try:
        batches = [Batch(stream, events, 0) for stream, events in
                   sample_streams(cycles, NOW, participants=PARTICIPANTS)]
        store.append_many(batches)
        replace_contacts(store, sample_contacts())
    finally:
        store.close()


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
