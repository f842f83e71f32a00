"""Users for tests: the OS user running the tests holds every role in the test's store, so tests act
as any region, the coordinator or an auditor with `--as` (and are refused for the rules, not the role)."""

from __future__ import annotations

import pytest

from domain.identity.users import ADMIN, INTAKE
from domain.plan.regions import REGIONS

EVERY_ROLE = (ADMIN, "coordinator", "auditor", INTAKE, *(f"region:{r.code}" for r in REGIONS))
TESTER_NAME = "Тестова Т. Т."


def grant_every_role() -> None:
    """Register the OS user with every role in the store the settings name."""
    from config.settings import load_settings
    from eci.identity import directory
    from eci.identity.principal import os_login
    from store.event_store import EventStore

    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with EventStore.open(settings.effective_database_url) as store:
        directory.add_user(store, None, os_login(), TESTER_NAME, EVERY_ROLE)


@pytest.fixture
def every_role(data_dir: object) -> None:
    """The test's OS user holds every role in the test's store."""
    grant_every_role()
