"""Which changes to users count: those sealed by an admin whose key was valid at that point of the log.

A `UserAdded`, `UserRemoved`, `UserKeyRegistered` or `UserKeyRevoked` grants nothing unless its seal
(`domain.eventing.seal`) verifies under a key registered to a login that held `admin` when the event
was recorded. The one exception is the founding: while no admin exists yet, a `UserAdded` granting
`admin` to the login whose key sealed it (the public key travels in the seal), and then that login's
registration of that very key, sealed by it. Anyone who can insert rows (the application's database
role) but holds no admin's private key therefore changes nothing: the fold skips the row, and
`eci audit verify` fails at it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from domain.eventing.base import DomainEvent
from domain.eventing.metadata import SealRecord
from domain.identity.ed25519 import fingerprint, id_matches, verifies
from domain.identity.events import UserAdded, UserKeyRegistered
from domain.identity.users import ADMIN, User, apply_user_event


@dataclass(frozen=True)
class SealedEntry:
    """A user event as stored: the event, when it was recorded, its seal and the text the seal covers."""

    event: DomainEvent
    recorded_at: dt.datetime
    seal: SealRecord | None
    text: str


@dataclass(frozen=True)
class Founder:
    """The first admin: the login and the key that sealed their own registration."""

    login: str
    key_id: str
    public_key: str

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the key's raw bytes: the value auditors keep from the day the store was created."""
        return fingerprint(self.public_key)


@dataclass
class Authority:
    """The users as the admins' sealed events leave them, the founder, and how many rows were skipped."""

    users: dict[str, User] = field(default_factory=dict)
    founder: Founder | None = None
    skipped: int = 0

    def admin_key(self, seal: SealRecord, at: dt.datetime) -> str | None:
        """The public key of the admin's key that made `seal`, if it was valid at `at`."""
        user = self.users.get(seal.login)
        if user is None or user.removed or not user.holds(ADMIN):
            return None
        key = user.key(seal.key_id)
        return key.public_key if key is not None and key.valid_at(at) else None

    def founding_key(self, event: DomainEvent, seal: SealRecord) -> str | None:
        """The key a founding event is sealed with, if this is the founding (see the module's doc)."""
        if self.founder is None:
            if isinstance(event, UserAdded) and ADMIN in event.roles and event.login == seal.login:
                return seal.public_key
            return None
        founder, user = self.founder, self.users.get(self.founder.login)
        registers_own = (
            isinstance(event, UserKeyRegistered)
            and event.login == founder.login
            and event.key_id == founder.key_id == seal.key_id
            and event.public_key == founder.public_key
        )
        return founder.public_key if registers_own and user is not None and not user.keys else None

    def take(self, entry: SealedEntry) -> bool:
        """Apply the entry if its seal grants it; False (and nothing changed) if not."""
        seal = entry.seal
        if seal is None:
            self.skipped += 1
            return False
        public = self.admin_key(seal, entry.recorded_at) or self.founding_key(entry.event, seal)
        if (
            public is None
            or not id_matches(public, seal.key_id)
            or not verifies(public, seal.value, entry.text)
        ):
            self.skipped += 1
            return False
        if self.founder is None:
            self.founder = Founder(seal.login, seal.key_id, public)
        apply_user_event(self.users, entry.event, entry.recorded_at)
        return True


def authorised(entries: Iterable[SealedEntry]) -> Authority:
    """Fold the users' streams (in log order) keeping only what an admin sealed."""
    authority = Authority()
    for entry in entries:
        authority.take(entry)
    return authority
