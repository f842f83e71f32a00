"""The signer check's rule: a registered key of a login holding the role, not revoked when it signed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from domain.actors import Actor
from domain.errors import DomainError
from domain.eventing.metadata import EventMetadata
from domain.identity.users import User, may_sign_for


@dataclass(frozen=True)
class SignerCheck:
    """Who signed (login, key), as whom (actor), when, and whether the action came by mail."""

    login: str
    key_id: str
    actor: str
    signed_at: str  # ISO 8601, UTC
    by_mail: bool = False

    @classmethod
    def of(cls, metadata: EventMetadata) -> SignerCheck:
        """The check of a signed action's event, from what its metadata names (DomainError if unsigned)."""
        if metadata.login is None or metadata.signature is None:
            raise DomainError("в событии не указано, кто его подписал: проверять нечего", "unsigned_event")
        return cls(
            login=metadata.login,
            key_id=metadata.signature.key_id,
            actor=metadata.actor,
            signed_at=metadata.signature.signed_at.isoformat(),
            by_mail=metadata.mail is not None,
        )


@dataclass(frozen=True)
class Signer:
    """The person who acted, as the event names them."""

    login: str
    name: str


def verdict(users: Mapping[str, User], check: SignerCheck) -> Signer:
    """The signer, or DomainError naming why the key or the login may not sign this."""
    user = users.get(check.login)
    if user is None or user.removed:
        raise DomainError(f"«{check.login}» не зарегистрирован как пользователь системы", "not_a_user")
    key = user.key(check.key_id)
    if key is None:
        raise DomainError(
            f"ключ {check.key_id} не зарегистрирован за пользователем «{check.login}»", "key_not_registered"
        )
    if not key.valid_at(dt.datetime.fromisoformat(check.signed_at)):
        raise DomainError(
            f"ключ {check.key_id} пользователя «{check.login}» отозван раньше, чем подписал запрос",
            "key_revoked",
        )
    actor = Actor.parse(check.actor)
    if not may_sign_for(user, actor, by_mail=check.by_mail):
        raise DomainError(f"у пользователя «{check.login}» нет роли «{actor}»", "role_not_held")
    return Signer(login=user.login, name=user.name)
