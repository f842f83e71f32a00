"""Who may use the tracker: users, their roles and their signing keys, on the streams `users/<login>`.

A user is an operating-system login (coordinators reach the tracker's server by SSH) with a display
name and roles. Every change is an event like any other, so the audit trail shows who was allowed to do
what, and since when. Public keys only: a private key never leaves its owner's config directory.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import Field

from domain.eventing.base import DomainEvent

USERS_PREFIX = "users/"


def user_stream(login: str) -> str:
    """The stream of one user's events."""
    return f"{USERS_PREFIX}{login}"


class UserAdded(DomainEvent):
    """A login may act in the tracker with these roles (adding it again replaces name and roles)."""

    type: ClassVar[str] = "UserAdded"

    login: str = Field(max_length=64)
    name: str = Field(max_length=200)
    roles: tuple[str, ...] = Field(min_length=1)


class UserRemoved(DomainEvent):
    """The login may no longer act; its keys stop verifying new actions from now on."""

    type: ClassVar[str] = "UserRemoved"

    login: str = Field(max_length=64)


class UserKeyRegistered(DomainEvent):
    """An Ed25519 public key (raw 32 bytes, base64) the login signs its actions with."""

    type: ClassVar[str] = "UserKeyRegistered"

    login: str = Field(max_length=64)
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    public_key: str = Field(max_length=64)


class UserKeyRevoked(DomainEvent):
    """The key signs nothing after `revoked_at`; what it signed before stays valid."""

    type: ClassVar[str] = "UserKeyRevoked"

    login: str = Field(max_length=64)
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    revoked_at: dt.datetime
    reason: str = Field(default="", max_length=500)
