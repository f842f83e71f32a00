"""Users for tests: the OS user running the tests holds every role in the test's store, so tests act
as any region, the coordinator or an auditor with `--as` (and are refused for the rules, not the role)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from domain.identity.users import ADMIN, INTAKE
from domain.plan.regions import REGIONS

EVERY_ROLE = (ADMIN, "coordinator", "auditor", INTAKE, *(f"region:{r.code}" for r in REGIONS))
TESTER_NAME = "Тестова Т. Т."


def grant_every_role() -> None:
    """Register the OS user with every role in the store the settings name: as its founding admin on a
    store nobody founded yet, else re-added (with every role) by itself, an admin already."""
    from config.settings import load_settings
    from eci.identity import directory
    from eci.identity.principal import found, os_login, signed_in
    from store.event_store import EventStore

    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with EventStore.open(settings.effective_database_url) as store:
        if directory.founder(store) is None:
            found(store, settings, os_login(), TESTER_NAME, EVERY_ROLE)
        else:
            directory.add_user(store, signed_in(settings, store), os_login(), TESTER_NAME, EVERY_ROLE)


@pytest.fixture
def every_role(data_dir: object) -> None:
    """The test's OS user holds every role in the test's store."""
    grant_every_role()


def new_key(login: str) -> Any:
    """A fresh Ed25519 key for `login`, held in memory only."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from eci.identity.keys import SigningKey

    return SigningKey(login, Ed25519PrivateKey.generate())


@dataclass(frozen=True)
class StoreAdmin:
    """An admin changing users on a store directly: their user as the store says now, and their key
    (which seals each change)."""

    store: Any
    key: Any

    @property
    def user(self) -> Any:
        from store.users import read_users

        return read_users(self.store)[self.key.login]


def found_admin(store: Any, login: str, name: str, roles: Sequence[str]) -> StoreAdmin:
    """Found `store` with `login` as its first admin, under a fresh key of theirs."""
    from eci.identity import directory

    key = new_key(login)
    directory.found(store, key, name, roles)
    return StoreAdmin(store, key)
