"""The demo's people: two coordinators, an auditor and one official per region, each a user with a key.

Their keys live under the demo's data dir (only for the demonstration: a real user's key is made by
`eci users key init` in their own config directory). Coordinators take turns reviewing, so reports and
`eci audit who petrova` show who did what. The names are invented.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from config.settings import Settings
from eci.identity import directory
from eci.identity.keys import create_key
from eci.identity.principal import Principal, signed_in
from store.event_store import EventStore

COORDINATORS = (("petrova", "Петрова А. С."), ("sokolov", "Соколов И. В."))
AUDITOR = ("kuznetsova", "Кузнецова Е. А.")
_SURNAMES = ("Иванова", "Смирнова", "Волкова", "Морозова", "Павлова", "Фёдорова", "Лебедева", "Егорова")
_INITIALS = ("А. В.", "Е. Н.", "О. П.", "Т. И.", "М. С.", "Н. Г.")


@dataclass(frozen=True)
class DemoPeople:
    """Who acts in the demo's live actions."""

    coordinators: tuple[Principal, ...]
    auditor: Principal
    officials: dict[str, Principal]  # region code → the region's official

    def reviewer(self, n: int) -> Principal:
        """The coordinator reviewing the n-th obligation (they take turns)."""
        return self.coordinators[n % len(self.coordinators)]

    def submitter(self, participant: str) -> Principal:
        """A region's official, or the first coordinator for a federal body."""
        return self.officials.get(participant) or self.coordinators[0]


def _person(
    settings: Settings, store: EventStore, admin: Principal, login: str, name: str, role: str
) -> Principal:
    user = directory.add_user(store, admin.user, login, name, [role])
    key = create_key(settings.data_dir / "demo" / "keys", login, replace=True)
    directory.register_key(store, user, key.key_id, key.public_b64)
    return Principal(directory.read_users(store)[login], key)


def enroll(settings: Settings, store: EventStore, regions: Sequence[str]) -> DemoPeople:
    """Add the demo's users (the OS user running the demo, its admin, adds them) with fresh keys."""
    admin = signed_in(settings, store)
    coordinators = tuple(
        _person(settings, store, admin, login, name, "coordinator") for login, name in COORDINATORS
    )
    auditor = _person(settings, store, admin, *AUDITOR, "auditor")
    officials = {}
    for n, code in enumerate(regions):
        name = f"{_SURNAMES[n % len(_SURNAMES)]} {_INITIALS[n % len(_INITIALS)]}"
        officials[code] = _person(settings, store, admin, f"official{code}", name, f"region:{code}")
    return DemoPeople(coordinators, auditor, officials)
