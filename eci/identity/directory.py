"""The users' streams: reading who may act, and recording changes to users and keys as events.

Every change is sealed with the key of an admin (`store.sealing`); the fold honours nothing else
(`domain.identity.authority`). The founding admin's registration is sealed by their own new key, the
one time the log has no admin yet; its fingerprint is what auditors keep.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Protocol

from domain.actors import ADMIN as ADMIN_ACTOR
from domain.errors import DomainError
from domain.eventing.base import DomainEvent
from domain.eventing.metadata import EventMetadata
from domain.identity.authority import Founder
from domain.identity.ed25519 import id_matches
from domain.identity.events import (
    UserAdded,
    UserKeyRegistered,
    UserKeyRevoked,
    UserRemoved,
    user_stream,
)
from domain.identity.users import ADMIN, User, check_login, check_role
from eci.errors import EciError
from eci.identity.keys import SigningKey
from eci.identity.sealing import KeySealer
from store.event_store import EventStore
from store.records import NewEvent
from store.users import read_authority, read_users

__all__ = [
    "Admin",
    "add_user",
    "found",
    "founder",
    "read_authority",
    "read_users",
    "register_key",
    "remove_user",
    "revoke_key",
]


class Admin(Protocol):
    """Who makes a change to users: an admin's user record and the key that seals the change."""

    @property
    def user(self) -> User: ...

    @property
    def key(self) -> SigningKey: ...


def _metadata(by: User, cause: str) -> EventMetadata:
    return EventMetadata.for_actor(ADMIN_ACTOR, cause=cause, login=by.login, name=by.name)


def _new(event: DomainEvent, metadata: EventMetadata) -> NewEvent:
    return NewEvent(event, uuid.uuid4(), metadata, dt.datetime.now(dt.UTC))


def _require_admin(by: Admin) -> User:
    user = by.user
    if not user.holds(ADMIN) or user.removed:
        raise EciError(
            f"у пользователя «{user.login}» нет роли «admin» (администратор): "
            "пользователями управляет только администратор",
            code="role_not_held",
        )
    return user


def _append(store: EventStore, event: DomainEvent, by: Admin, cause: str) -> None:
    user = _require_admin(by)
    store.append(event.obligation_id, [_new(event, _metadata(user, cause))], sealer=KeySealer(by.key))


def _roles(roles: Sequence[str]) -> tuple[str, ...]:
    try:
        checked = tuple(dict.fromkeys(check_role(r) for r in roles))
    except DomainError as exc:
        raise EciError(str(exc), code=exc.code) from None
    if not checked:
        raise EciError("укажите хотя бы одну роль: --role", code="no_role")
    return checked


def _checked(login: str, name: str, roles: Sequence[str]) -> tuple[str, str, tuple[str, ...]]:
    try:
        check_login(login)
    except DomainError as exc:
        raise EciError(str(exc), code=exc.code) from None
    if not name.strip():
        raise EciError("укажите --name: имя человека, как его покажут отчёты", code="no_name")
    return login, name.strip(), _roles(roles)


def founder(store: EventStore) -> Founder | None:
    """The founding admin and their key, as the log says (None before anyone was registered)."""
    return read_authority(store).founder


def found(store: EventStore, key: SigningKey, name: str, roles: Sequence[str]) -> Founder:
    """Register the first admin (`key`'s login, holding `roles` and admin), sealed by their own key."""
    login, name, checked = _checked(key.login, name, roles)
    if ADMIN not in checked:
        checked = (ADMIN, *checked)
    authority = read_authority(store)
    if authority.founder is not None:
        raise EciError(
            f"первый администратор уже зарегистрирован: {authority.founder.login}", code="already_founded"
        )
    user = User(login, name, checked, dt.datetime.now(dt.UTC))
    stream = user_stream(login)
    metadata = _metadata(user, "users found")
    added = UserAdded(obligation_id=stream, login=login, name=name, roles=checked)
    registered = UserKeyRegistered(
        obligation_id=stream, login=login, key_id=key.key_id, public_key=key.public_b64
    )
    store.append(
        stream, [_new(added, metadata), _new(registered, metadata)], sealer=KeySealer(key, announce=True)
    )
    made = read_authority(store).founder
    if made is None or made.key_id != key.key_id:
        raise EciError(
            "первый администратор не зарегистрирован: хранилище не приняло его печать",
            code="founding_refused",
        )
    return made


def add_user(store: EventStore, by: Admin, login: str, name: str, roles: Sequence[str]) -> User:
    """Add (or re-add with new name and roles) a login; `by` must be an admin."""
    login, name, checked = _checked(login, name, roles)
    _require_admin(by)
    event = UserAdded(obligation_id=user_stream(login), login=login, name=name, roles=checked)
    _append(store, event, by, "users add")
    return read_users(store)[login]


def remove_user(store: EventStore, by: Admin, login: str) -> None:
    """Remove a login (its keys sign nothing from now on)."""
    admin = _require_admin(by)
    users = read_users(store)
    if login not in users or users[login].removed:
        raise EciError(f"пользователя {login} нет", code="no_such_user")
    if login == admin.login:
        raise EciError(
            f"{login} не может удалить сам себя: это делает другой администратор", code="remove_self"
        )
    _append(store, UserRemoved(obligation_id=user_stream(login), login=login), by, "users remove")


def register_key(store: EventStore, by: Admin, login: str, key_id: str, public_b64: str) -> None:
    """Register a public key for `login` (no-op when it is registered already); an admin does it."""
    _require_admin(by)
    if not id_matches(public_b64, key_id):
        raise EciError(f"открытый ключ не соответствует номеру {key_id}", code="key_id_mismatch")
    user = read_users(store).get(login)
    if user is None or user.removed:
        raise EciError(f"пользователя {login} нет", code="no_such_user")
    if user.key(key_id) is not None:
        return
    event = UserKeyRegistered(
        obligation_id=user_stream(login), login=login, key_id=key_id, public_key=public_b64
    )
    _append(store, event, by, "users key register")


def revoke_key(store: EventStore, by: Admin, login: str, key_id: str, reason: str) -> None:
    """Revoke a key now; an admin does it (a person asks an admin, or replaces their own key with one)."""
    _require_admin(by)
    user = read_users(store).get(login)
    key = user.key(key_id) if user else None
    if user is None or key is None:
        raise EciError(f"у {login} нет ключа {key_id}", code="no_such_key")
    if key.revoked_at is not None:
        raise EciError(
            f"ключ {key_id} пользователя {login} уже отозван {key.revoked_at:%d.%m.%Y %H:%M} UTC",
            code="key_revoked",
        )
    event = UserKeyRevoked(
        obligation_id=user_stream(login),
        login=login,
        key_id=key_id,
        revoked_at=dt.datetime.now(dt.UTC),
        reason=reason,
    )
    _append(store, event, by, "users key revoke")
