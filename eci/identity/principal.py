"""The principal: the operating-system user running this process, as the kernel reports it.

Not `$USER` or `$LOGNAME`, which anyone can set: the effective uid, looked up in the password
database. Coordinators reach the tracker's server by SSH, so that login is the person. The store says
which roles the login holds; `--as` can only pick one of them.
"""

from __future__ import annotations

import os
import pwd
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from config.settings import Settings
from domain.actors import Actor
from domain.errors import DomainError
from domain.identity.authority import Founder
from domain.identity.users import ADMIN, INTAKE, User, may_sign_for
from eci.data_dir import prepare_data_dir
from eci.errors import EciError
from eci.identity import directory
from eci.identity.keys import SigningKey, create_key, key_dir, load_key
from eci.identity.sealing import KeySealer
from store.event_store import EventStore

BOOTSTRAP_ROLES = (ADMIN, "coordinator", INTAKE)


def os_login() -> str:
    """The login of the effective uid."""
    return pwd.getpwuid(os.geteuid()).pw_name


def os_name(login: str) -> str:
    """The person's name from the password database's GECOS field, else the login."""
    try:
        gecos = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
    except KeyError:
        return login
    return gecos or login


@dataclass
class Principal:
    """The signed-in user, and the key their actions are signed with (made and registered on first use,
    so a refused action writes nothing, not even a key)."""

    user: User
    _key: SigningKey | None = None
    _settings: Settings | None = field(default=None, repr=False)

    @property
    def key(self) -> SigningKey:
        """The signing key, from the user's key directory (created and registered the first time)."""
        if self._key is None:
            if self._settings is None:
                raise EciError(f"у пользователя «{self.login}» здесь нет ключа подписи", code="no_key")
            with EventStore.open(self._settings.effective_database_url) as store:
                self._key = ensure_key(store, self._settings, self.user)
        return self._key

    @property
    def login(self) -> str:
        """The OS login."""
        return self.user.login

    def acting(self, role: str | None) -> Actor:
        """The actor for `--as ROLE` (one of the user's own roles), or the user's default role."""
        text = (role or self.user.default_role()).strip()
        try:
            actor = Actor.parse(text)
        except DomainError as exc:
            raise EciError(str(exc), code=exc.code) from None
        self.require(actor)
        return actor

    def require(self, actor: Actor, *, by_mail: bool = False) -> None:
        """EciError naming the login and the role unless the user may act as `actor`."""
        if not may_sign_for(self.user, actor, by_mail=by_mail):
            raise EciError(
                f"у пользователя «{self.login}» нет роли «{actor}» ({actor.label_ru})", code="role_not_held"
            )

    def sealer(self) -> KeySealer:
        """What seals the events this process writes: the user's registered key."""
        return KeySealer(self.key)


def owns_data_dir(settings: Settings) -> bool:
    """Whether this OS user owns the data dir (or will, creating it)."""
    try:
        return settings.data_dir.stat().st_uid == os.geteuid()
    except FileNotFoundError:
        return True  # the embedded stack creates it as this user


def found(
    store: EventStore, settings: Settings, login: str, name: str, roles: Sequence[str] = BOOTSTRAP_ROLES
) -> Founder:
    """Make `login` (this process's user) the first admin, with a key of their own sealing it."""
    folder = key_dir(settings)
    key = load_key(folder, login) or create_key(folder, login)
    return directory.found(store, key, name, roles)


def founding_note(made: Founder) -> str:
    """The line that tells the first admin what to hand the auditors."""
    return (
        f"Первый администратор трекера: {made.login}. Отпечаток его ключа (SHA-256, сохраните для "
        f"проверки журнала: eci audit verify --founder …): {made.fingerprint}\n"
    )


def found_embedded(store: EventStore, settings: Settings) -> Founder | None:
    """On an embedded store nobody founded yet, make the data dir's owner (running this) its first admin;
    the founder made, or None when there was nothing to do."""
    if not settings.is_embedded or not owns_data_dir(settings) or directory.founder(store) is not None:
        return None
    login = os_login()
    return found(store, settings, login, os_name(login))


def bootstrap(store: EventStore, settings: Settings, login: str) -> dict[str, User]:
    """On an embedded store nobody founded yet, the data dir's owner becomes its first admin.

    The key's fingerprint is shown at a terminal (`eci up` always shows it; a script's stderr stays one
    line), and `eci db init` and `eci audit verify` name the founder any time after."""
    made = found_embedded(store, settings) if login == os_login() else None
    if made is not None and sys.stderr.isatty():
        sys.stderr.write(founding_note(made))
    return directory.read_users(store)


def registration_hint(login: str, key: SigningKey) -> str:
    """The command an admin runs to register `key`."""
    return f"администратор регистрирует его командой `eci users key register {login} {key.public_b64}`"


def ensure_key(store: EventStore, settings: Settings, user: User) -> SigningKey:
    """The user's key from their key directory (created on first use), which an admin registered."""
    folder = key_dir(settings)
    key = load_key(folder, user.login) or create_key(folder, user.login)
    registered = user.key(key.key_id)
    if registered is None:
        raise EciError(
            f"ключ {key.key_id} пользователя «{user.login}» не зарегистрирован: "
            f"{registration_hint(user.login, key)}",
            code="key_not_registered",
        )
    if registered.revoked_at is not None:
        hint = "создайте новый командой «eci users key init --rotate»"
        raise EciError(f"ключ {key.key_id} пользователя «{user.login}» отозван: {hint}", code="key_revoked")
    return key


def not_registered(login: str) -> EciError:
    """The one line a login the tracker does not know is refused with."""
    return EciError(
        f"«{login}» не зарегистрирован как пользователь системы: администратор добавляет "
        "пользователей командой «eci users add»",
        code="not_a_user",
    )


def signed_in(settings: Settings, store: EventStore | None = None) -> Principal:
    """The principal of this process, or EciError naming a login the tracker does not know."""
    if store is None:
        prepare_data_dir(settings)
        with EventStore.open(settings.effective_database_url) as opened:
            return signed_in(settings, opened)
    login = os_login()
    users = bootstrap(store, settings, login)
    user = users.get(login)
    if user is None or user.removed:
        raise not_registered(login)
    return Principal(user, None, settings)
