"""Which changes to users count: only those an admin sealed, the founding admin's own first two aside."""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.eventing.base import DomainEvent
from domain.eventing.metadata import SealRecord
from domain.identity.authority import SealedEntry, authorised
from domain.identity.events import UserAdded, UserKeyRegistered, user_stream
from eci.identity.keys import SigningKey

T0 = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
ADMIN_KEY = SigningKey("admin", Ed25519PrivateKey.generate())
OTHER_KEY = SigningKey("petrova", Ed25519PrivateKey.generate())


def added(login: str, *roles: str) -> UserAdded:
    return UserAdded(obligation_id=user_stream(login), login=login, name=login.title(), roles=roles)


def registered(login: str, key: SigningKey) -> UserKeyRegistered:
    return UserKeyRegistered(
        obligation_id=user_stream(login), login=login, key_id=key.key_id, public_key=key.public_b64
    )


def sealed(event: DomainEvent, key: SigningKey | None, n: int, *, announce: bool = False) -> SealedEntry:
    text = f"event {n}: {event.model_dump_json()}"  # what the seal covers (the store builds the real text)
    if key is None:
        return SealedEntry(event, T0 + dt.timedelta(minutes=n), None, text)
    seal = SealRecord(
        login=key.login,
        key_id=key.key_id,
        value=key.sign(text),
        public_key=key.public_b64 if announce else None,
    )
    return SealedEntry(event, T0 + dt.timedelta(minutes=n), seal, text)


FOUNDING = [
    sealed(added("admin", "admin", "coordinator"), ADMIN_KEY, 0, announce=True),
    sealed(registered("admin", ADMIN_KEY), ADMIN_KEY, 1, announce=True),
]


def test_the_founding_admin_seals_their_own_first_events_and_is_named_the_founder() -> None:
    authority = authorised(FOUNDING)
    assert authority.users["admin"].holds("admin")
    assert authority.users["admin"].key(ADMIN_KEY.key_id) is not None
    assert authority.founder is not None
    assert authority.founder.key_id == ADMIN_KEY.key_id
    assert authority.skipped == 0


def test_an_admin_adds_users_and_registers_their_keys() -> None:
    authority = authorised(
        [
            *FOUNDING,
            sealed(added("petrova", "coordinator"), ADMIN_KEY, 2),
            sealed(registered("petrova", OTHER_KEY), ADMIN_KEY, 3),
        ]
    )
    assert authority.users["petrova"].key(OTHER_KEY.key_id) is not None
    assert authority.skipped == 0


def test_unsealed_or_non_admin_or_forged_changes_are_skipped() -> None:
    grant = [
        *FOUNDING,
        sealed(added("petrova", "coordinator"), ADMIN_KEY, 2),
        sealed(registered("petrova", OTHER_KEY), ADMIN_KEY, 3),
    ]
    intruder = SigningKey("admin", Ed25519PrivateKey.generate())
    bad_value = sealed(added("mallory", "admin"), ADMIN_KEY, 7)
    bad_value = SealedEntry(
        bad_value.event, bad_value.recorded_at, bad_value.seal, bad_value.text + " changed"
    )
    authority = authorised(
        [
            *grant,
            sealed(added("mallory", "admin"), None, 4),  # unsealed
            sealed(added("mallory", "admin"), OTHER_KEY, 5),  # sealed by a coordinator
            sealed(
                registered("admin", intruder), intruder, 6, announce=True
            ),  # a key of its own for the admin
            bad_value,  # the text changed after sealing
            sealed(added("mallory", "admin"), intruder, 8, announce=True),  # a second founding
        ]
    )
    assert "mallory" not in authority.users
    assert authority.users["admin"].key(intruder.key_id) is None
    assert authority.skipped == 5


def test_without_a_founding_nothing_counts() -> None:
    authority = authorised(
        [sealed(added("admin", "admin"), ADMIN_KEY, 0), sealed(added("admin", "admin"), None, 1)]
    )
    assert authority.users == {}
    assert authority.founder is None
