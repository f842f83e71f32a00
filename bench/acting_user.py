"""The benchmarks' person: the OS user running them, registered in the benchmark's store with every
role, so one process can act for any region and as the coordinator, signing as the CLI does."""

from __future__ import annotations

from config.settings import Settings
from domain.plan.regions import REGIONS
from eci.identity import directory
from eci.identity.principal import Principal, os_login, signed_in
from store.event_store import EventStore

EVERY_ROLE = ("admin", "coordinator", "auditor", "intake", *(f"region:{r.code}" for r in REGIONS))


def enroll(settings: Settings) -> Principal:
    """Register the OS user with every role; the principal, with its key made and registered."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with EventStore.open(settings.effective_database_url) as store:
        directory.add_user(store, None, os_login(), "Нагрузочный тест", EVERY_ROLE)
        principal = signed_in(settings, store)
    principal.key  # noqa: B018 - made and registered now, not inside a measured loop
    return principal


def enroll_reader(url: str) -> None:
    """Register the OS user as an auditor of the store at `url`, unless they are a user already: every
    `eci` command, a read too, needs a registered user."""
    with EventStore.open(url) as store:
        if os_login() not in directory.read_users(store):
            directory.add_user(store, None, os_login(), "Нагрузочный тест", ("auditor",))
