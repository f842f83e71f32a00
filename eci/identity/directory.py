"""The users' streams: reading who may act, and recording changes to users and keys as events."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from domain.actors import ADMIN as ADMIN_ACTOR
from domain.actors import SYSTEM, Actor
from domain.errors import DomainError
from domain.eventing.base import DomainEvent
from domain.eventing.metadata import EventMetadata
from domain.identity.events import (
    UserAdded,
    UserKeyRegistered,
    UserKeyRevoked,
    UserRemoved,
    user_stream,
)
from domain.identity.users import ADMIN, User, check_login, check_role
from eci.errors import EciError
from store.event_store import EventStore
from store.records import NewEvent
from store.users import read_users

__all__ = ["add_user", "read_users", "register_key", "remove_user", "revoke_key"]


def _actor_of(user: User) -> Actor:
    try:
        return Actor.parse(user.default_role())
    except DomainError:  # the intake's service identity: a system step
        return SYSTEM


def _append(store: EventStore, event: DomainEvent, by: User | None, cause: str) -> None:
    # Changes to users are made by a person (an admin, or the user for their own key); the bootstrap
    # of an empty table is the system's, naming the login it trusted.
    actor = SYSTEM if by is None else ADMIN_ACTOR if by.holds(ADMIN) else _actor_of(by)
    metadata = EventMetadata.for_actor(
        actor, cause=cause, login=by.login if by else None, name=by.name if by else None
    )
    store.append(event.obligation_id, [NewEvent(event, uuid.uuid4(), metadata, dt.datetime.now(dt.UTC))])


def _roles(roles: Sequence[str]) -> tuple[str, ...]:
    try:
        checked = tuple(dict.fromkeys(check_role(r) for r in roles))
    except DomainError as exc:
        raise EciError(str(exc)) from None
    if not checked:
        raise EciError("give at least one --role")
    return checked


def add_user(store: EventStore, by: User | None, login: str, name: str, roles: Sequence[str]) -> User:
    """Add (or re-add with new name and roles) a login; `by` must be an admin, None only at bootstrap."""
    try:
        check_login(login)
    except DomainError as exc:
        raise EciError(str(exc)) from None
    if not name.strip():
        raise EciError("--name is required: the person's name as reports show it")
    checked = _roles(roles)
    if by is not None and not by.holds(ADMIN):
        raise EciError(f"{by.login} does not hold the role admin: only an admin manages users")
    event = UserAdded(obligation_id=user_stream(login), login=login, name=name.strip(), roles=checked)
    _append(store, event, by, "users add")
    return read_users(store)[login]


def remove_user(store: EventStore, by: User, login: str) -> None:
    """Remove a login (its keys sign nothing from now on)."""
    if not by.holds(ADMIN):
        raise EciError(f"{by.login} does not hold the role admin: only an admin manages users")
    users = read_users(store)
    if login not in users or users[login].removed:
        raise EciError(f"no user {login!r}")
    if login == by.login:
        raise EciError(f"{login} cannot remove themselves: another admin must")
    _append(store, UserRemoved(obligation_id=user_stream(login), login=login), by, "users remove")


def register_key(store: EventStore, user: User, key_id: str, public_b64: str) -> None:
    """Register a public key for the user themselves (no-op when it is registered already)."""
    if user.key(key_id) is not None:
        return
    event = UserKeyRegistered(
        obligation_id=user_stream(user.login), login=user.login, key_id=key_id, public_key=public_b64
    )
    _append(store, event, user, "users key init")


def revoke_key(store: EventStore, by: User, login: str, key_id: str, reason: str) -> None:
    """Revoke a key now: its owner may revoke their own, an admin anyone's."""
    if login != by.login and not by.holds(ADMIN):
        raise EciError(f"{by.login} may revoke only their own keys")
    users = read_users(store)
    user = users.get(login)
    key = user.key(key_id) if user else None
    if user is None or key is None:
        raise EciError(f"no key {key_id} of {login}")
    if key.revoked_at is not None:
        raise EciError(f"key {key_id} of {login} was revoked at {key.revoked_at:%Y-%m-%d %H:%M} UTC")
    event = UserKeyRevoked(
        obligation_id=user_stream(login),
        login=login,
        key_id=key_id,
        revoked_at=dt.datetime.now(dt.UTC),
        reason=reason,
    )
    _append(store, event, by, "users key revoke")
