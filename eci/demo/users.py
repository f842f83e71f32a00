"""The demo's people: two coordinators, an auditor and one official per region, each a user with a key.

Their keys live under the demo's data dir (only for the demonstration: a real user's key is made by
`eci users key init` in their own config directory). Coordinators take turns reviewing, so reports and
`eci audit who petrova` show who did what. The names are invented.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from config.settings import Settings
from domain.identity.users import User
from eci.identity import directory
from eci.identity.keys import create_key, load_key
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
    settings: Settings, store: EventStore, admin: Principal, known: dict[str, User], person: tuple[str, ...]
) -> Principal:
    """A demo user with a registered key; one an earlier, interrupted run added keeps its user and key."""
    login, name, role = person
    user = known.get(login)
    if user is None or user.removed or user.name != name or user.roles != (role,):
        user = directory.add_user(store, admin, login, name, [role])
    folder = settings.data_dir / "demo" / "keys"
    key = load_key(folder, login)
    if key is None or user.key(key.key_id) is None:
        key = create_key(folder, login, replace=True)
        directory.register_key(store, admin, login, key.key_id, key.public_b64)
        user = directory.read_users(store)[login]
    return Principal(user, key)


def demo_people(regions: Sequence[str]) -> list[tuple[str, str, str]]:
    """(login, name, role) of everyone the demo adds: coordinators, the auditor, the regions' officials."""
    people = [(login, name, "coordinator") for login, name in COORDINATORS]
    people.append((*AUDITOR, "auditor"))
    for n, code in enumerate(regions):
        name = f"{_SURNAMES[n % len(_SURNAMES)]} {_INITIALS[n % len(_INITIALS)]}"
        people.append((f"official{code}", name, f"region:{code}"))
    return people


def enroll(
    settings: Settings, store: EventStore, regions: Sequence[str], advance: Callable[[], None] = lambda: None
) -> DemoPeople:
    """Add the demo's users (the OS user running the demo, its admin, adds them) with their keys; those
    already added by an interrupted run are kept. `advance` is called once per person."""
    admin = signed_in(settings, store)
    known = directory.read_users(store)
    found: dict[str, Principal] = {}
    for person in demo_people(regions):
        found[person[0]] = _person(settings, store, admin, known, person)
        advance()
    coordinators = tuple(found[login] for login, _ in COORDINATORS)
    officials = {code: found[f"official{code}"] for code in regions}
    return DemoPeople(coordinators, found[AUDITOR[0]], officials)
