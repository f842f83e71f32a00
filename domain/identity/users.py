"""Users, roles and keys as the store's `users/…` streams say they are now (a pure fold)."""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from domain.actors import Actor, Role
from domain.errors import DomainError
from domain.eventing.base import DomainEvent
from domain.identity.ed25519 import key_id_of as key_id_of  # re-exported: callers name it here
from domain.identity.events import UserAdded, UserKeyRegistered, UserKeyRevoked, UserRemoved
from domain.plan.regions import is_region_code

ADMIN = "admin"
# The mail intake's service identity: it may submit for a region, only what a verified reply brought.
INTAKE = "intake"
# The worker's service identity: its key seals the events the workflows record; it signs no action.
WORKER = "worker"
_LOGIN = re.compile(r"^[a-z_][a-z0-9_.-]{0,63}$", re.IGNORECASE)
_REGION_ROLE = re.compile(r"^region:(\d{2})$")


def check_login(login: str) -> str:
    """A login as the operating system spells one, or a one-line error."""
    if not _LOGIN.match(login):
        raise DomainError(
            f"недопустимая учётная запись «{login}»: ожидаются латинские буквы, цифры, «.», «_» или «-»",
            "bad_login",
        )
    return login


def check_role(role: str) -> str:
    """admin, coordinator, auditor, intake, worker or region:CODE of a region of the plan."""
    role = role.strip()
    match = _REGION_ROLE.match(role)
    if match:
        if not is_region_code(match.group(1)):
            raise DomainError(f"в роли «{role}» неизвестный код субъекта", "unknown_region")
        return role
    if role in (ADMIN, INTAKE, WORKER, Role.COORDINATOR.value, Role.AUDITOR.value):
        return role
    raise DomainError(
        f"неизвестная роль «{role}»: ожидается `admin`, `coordinator`, `auditor`, `intake`, `worker` "
        "или `region:КОД`",
        "unknown_role",
    )


@dataclass(frozen=True)
class UserKey:
    """A registered public key and the span it signs in."""

    key_id: str
    public_key: str  # base64 of the raw 32 bytes
    registered_at: dt.datetime
    revoked_at: dt.datetime | None = None

    def raw(self) -> bytes:
        """The key's 32 bytes."""
        return base64.b64decode(self.public_key)

    def valid_at(self, at: dt.datetime) -> bool:
        """Whether a signature made at `at` counts (registered before it, not revoked by then)."""
        return self.registered_at <= at and (self.revoked_at is None or at < self.revoked_at)


@dataclass(frozen=True)
class User:
    """One login: its display name, roles and keys."""

    login: str
    name: str
    roles: tuple[str, ...]
    added_at: dt.datetime
    keys: tuple[UserKey, ...] = ()
    removed: bool = False

    @property
    def acting_roles(self) -> tuple[str, ...]:
        """The roles an action can be taken in (admin manages users, the worker seals; neither acts)."""
        return tuple(r for r in self.roles if r not in (ADMIN, WORKER))

    @property
    def current_key(self) -> UserKey | None:
        """The newest key not revoked."""
        live = [k for k in self.keys if k.revoked_at is None]
        return live[-1] if live else None

    def key(self, key_id: str) -> UserKey | None:
        """The registered key with this id."""
        return next((k for k in self.keys if k.key_id == key_id), None)

    def holds(self, role: str) -> bool:
        """Whether the user holds `role`."""
        return role in self.roles

    def default_role(self) -> str:
        """With no `--as`: the single acting role, else the first review role, else the first one."""
        acting = self.acting_roles
        if not acting:
            raise DomainError(
                f"у пользователя «{self.login}» нет роли, которая действует с обязательствами",
                "no_acting_role",
            )
        if Role.COORDINATOR.value in acting:
            return Role.COORDINATOR.value
        return acting[0]


def may_sign_for(user: User, actor: Actor, *, by_mail: bool) -> bool:
    """Whether `user` may sign an action taken as `actor` (the intake signs a region's mailed reply)."""
    if user.removed:
        return False
    if actor.role is Role.REGION and by_mail and user.holds(INTAKE):
        return True
    if actor.role is Role.SYSTEM:
        # System steps a person starts (a cycle retimed) are signed by a coordinator.
        return user.holds(Role.COORDINATOR.value)
    return user.holds(str(actor))


def fold_users(
    events: Iterable[tuple[DomainEvent, dt.datetime]], start: dict[str, User] | None = None
) -> dict[str, User]:
    """Every login ever added, as its events (with their recording times) leave it; removed ones flagged.

    `start` is the fold of the events before these (left unchanged): folding only what was appended
    since gives the same users as folding everything again. The events are taken as given: the store
    passes only those an admin sealed (`domain.identity.authority.authorised`).
    """
    users: dict[str, User] = dict(start) if start else {}
    for event, at in events:
        apply_user_event(users, event, at)
    return users


def apply_user_event(users: dict[str, User], event: DomainEvent, at: dt.datetime) -> None:
    """One step of the fold: `users` as `event`, recorded at `at`, leaves it."""
    if isinstance(event, UserAdded):
        old = users.get(event.login)
        keys = old.keys if old else ()
        added = old.added_at if old and not old.removed else at
        users[event.login] = User(event.login, event.name, event.roles, added, keys)
    elif isinstance(event, UserRemoved) and event.login in users:
        user = users[event.login]
        keys = tuple(k if k.revoked_at else replace(k, revoked_at=at) for k in user.keys)
        users[event.login] = replace(user, removed=True, keys=keys)
    elif isinstance(event, UserKeyRegistered) and event.login in users:
        user = users[event.login]
        if user.key(event.key_id) is None:
            key = UserKey(event.key_id, event.public_key, at)
            users[event.login] = replace(user, keys=(*user.keys, key))
    elif isinstance(event, UserKeyRevoked) and event.login in users:
        user = users[event.login]
        keys = tuple(
            replace(k, revoked_at=event.revoked_at) if k.key_id == event.key_id and not k.revoked_at else k
            for k in user.keys
        )
        users[event.login] = replace(user, keys=keys)


def active(users: dict[str, User]) -> dict[str, User]:
    """The users not removed."""
    return {login: u for login, u in users.items() if not u.removed}
