"""`eci users add|remove|list|whoami` and `eci users key init|register|revoke`: who may act, and their
keys. Every change to users is sealed by an admin's key."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer

from config.settings import Settings, load_settings
from domain.identity.users import ADMIN, User, active
from eci.cli.output import print_json, print_table
from eci.errors import EciError
from store.event_store import EventStore

users_app = typer.Typer(help="Пользователи трекера: кто и в какой роли может действовать, их ключи подписи.")
key_app = typer.Typer(help="Ключи подписи действий (Ed25519).")
users_app.add_typer(key_app, name="key")

ROLES_HELP = "Роль (можно несколько раз): admin, coordinator, auditor, intake, region:КОД."


@contextmanager
def _store(settings: Settings) -> Iterator[EventStore]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with EventStore.open(settings.effective_database_url) as store:
        yield store


def user_json(user: User) -> dict[str, Any]:
    """The public shape of one user."""
    key = user.current_key
    return {
        "login": user.login,
        "name": user.name,
        "roles": list(user.roles),
        "key_id": key.key_id if key else None,
        "added_at": user.added_at.isoformat(),
    }


@users_app.command("add", help="Добавить пользователя (или заменить имя и роли); только admin.")
def add_command(
    login: str = typer.Argument(..., help="Учётная запись ОС (под ней человек входит на сервер по SSH)."),
    name: str = typer.Option(..., "--name", help="Фамилия И. О., как в отчётах."),
    roles: list[str] = typer.Option(..., "--role", help=ROLES_HELP),
) -> None:
    """Add a user; against an empty production database the one running this becomes admin first."""
    from eci.identity import directory
    from eci.identity.principal import found, founding_note, os_login, os_name, signed_in

    settings = load_settings()
    with _store(settings) as store:
        # Embedded, the data dir's owner is the first user (`signed_in` bootstraps them); against an
        # empty production database, whoever adds the first user.
        if not settings.is_embedded and directory.founder(store) is None:
            me = os_login()
            made = found(store, settings, me, os_name(me))
            sys.stdout.write(f"Первый пользователь: {me} (admin, coordinator)\n")
            sys.stdout.write(founding_note(made))
        user = directory.add_user(store, signed_in(settings, store), login, name, roles)
    sys.stdout.write(f"{user.login}: {user.name} — {', '.join(user.roles)}\n")


@users_app.command(
    "remove", help="Удалить пользователя: его ключи больше ничего не подписывают; только admin."
)
def remove_command(login: str = typer.Argument(..., help="Учётная запись.")) -> None:
    """Remove a user."""
    from eci.identity import directory
    from eci.identity.principal import signed_in

    settings = load_settings()
    with _store(settings) as store:
        directory.remove_user(store, signed_in(settings, store), login)
    sys.stdout.write(f"{login}: удалён\n")


@users_app.command("list", help="Пользователи, их роли и действующие ключи.")
def list_command(as_json: bool = typer.Option(False, "--json", help="JSON вместо таблицы.")) -> None:
    """List the users."""
    from eci.identity import directory

    settings = load_settings()
    with _store(settings) as store:
        users = sorted(active(directory.read_users(store)).values(), key=lambda u: u.login)
    rows = [user_json(u) for u in users]
    if as_json:
        print_json(rows)
        return
    print_table(
        ["Учётная запись", "Имя", "Роли", "Ключ", "Добавлен"],
        [
            [r["login"], r["name"], ", ".join(r["roles"]), r["key_id"] or "—", r["added_at"][:10]]
            for r in rows
        ],
    )


@users_app.command("whoami", help="Кто вы для трекера: учётная запись, имя, роли, ключ.")
def whoami_command(as_json: bool = typer.Option(False, "--json", help="В формате JSON.")) -> None:
    """The signed-in user."""
    from eci.identity.principal import signed_in

    settings = load_settings()
    with _store(settings) as store:
        user = signed_in(settings, store).user
    if as_json:
        print_json(user_json(user))
        return
    key = user.current_key
    sys.stdout.write(
        f"{user.login}: {user.name} — {', '.join(user.roles)}; ключ {key.key_id if key else '—'}\n"
    )


@key_app.command(
    "init",
    help="Создать ключ подписи для своей учётной записи; admin регистрирует его (свой — сам, подписав "
    "прежним ключом).",
)
def key_init_command(
    rotate: bool = typer.Option(False, "--rotate", help="Новый ключ вместо прежнего (прежний отзывается)."),
) -> None:
    """Create (or with --rotate replace) the current user's signing key; an admin registers their own
    with the key they hold (the old one seals the new one's registration), anyone else asks an admin."""
    from eci.identity.keys import create_key, key_dir, key_path, load_key
    from eci.identity.principal import os_login, registration_hint, signed_in

    settings = load_settings()
    folder = key_dir(settings)
    with _store(settings) as store:
        login = os_login()
        had = load_key(folder, login)  # read only: a stranger is refused before any file is written
        principal = signed_in(settings, store)  # (founding the store makes the first admin's key)
        current = load_key(folder, login)
        key = create_key(folder, login, replace=True) if rotate or current is None else current
        registered = principal.user.key(key.key_id) is not None
        replaced = current is not None and current.key_id != key.key_id
        if not registered and principal.user.holds(ADMIN) and replaced and current is not None:
            _rotate_own(store, principal.user, current, key)
            registered = True
    state = "новый" if rotate or had is None else "уже создан"
    sys.stdout.write(f"Ключ {key.key_id} ({state}): {key_path(folder, login)}\n")
    if not registered:
        sys.stdout.write(f"Ключ не зарегистрирован: {registration_hint(login, key)}\n")


def _rotate_own(store: EventStore, user: User, old: Any, new: Any) -> None:
    """An admin's new key: registered under the seal of the old one, which the new one then revokes."""
    from dataclasses import dataclass

    from eci.identity import directory

    @dataclass(frozen=True)
    class _By:
        user: User
        key: Any

    live = user.key(old.key_id)
    if live is None or live.revoked_at is not None:
        raise EciError(
            f"ключ {old.key_id} пользователя {user.login} отозван: "
            "новый ключ регистрирует другой администратор",
            code="key_revoked",
        )
    directory.register_key(store, _By(user, old), user.login, new.key_id, new.public_b64)
    renewed = directory.read_users(store)[user.login]
    for key in renewed.keys:
        if key.key_id != new.key_id and key.revoked_at is None:
            directory.revoke_key(store, _By(renewed, new), user.login, key.key_id, "заменён новым ключом")


@key_app.command(
    "register",
    help="Зарегистрировать открытый ключ пользователя (из его `eci users key init`); только admin.",
)
def key_register_command(
    login: str = typer.Argument(..., help="Учётная запись."),
    public_key: str = typer.Argument(
        ..., help="Открытый ключ Ed25519 (base64), как его напечатал `eci users key init`."
    ),
) -> None:
    """Register a user's public key, sealed by the admin running this."""
    import base64
    import binascii

    from domain.identity.ed25519 import key_id_of
    from eci.identity import directory
    from eci.identity.principal import signed_in

    try:
        raw = base64.b64decode(public_key, validate=True)
    except (binascii.Error, ValueError):
        raise EciError("открытый ключ не в кодировке base64", code="bad_public_key") from None
    if len(raw) != 32:
        raise EciError("это не открытый ключ Ed25519 (32 байта)", code="bad_public_key")
    key_id = key_id_of(raw)
    settings = load_settings()
    with _store(settings) as store:
        directory.register_key(store, signed_in(settings, store), login, key_id, public_key)
    sys.stdout.write(f"Ключ {key_id} пользователя {login}: зарегистрирован\n")


@key_app.command("revoke", help="Отозвать ключ: подписи после отзыва недействительны, прежние сохраняются.")
def key_revoke_command(
    key_id: str = typer.Argument(..., help="Номер ключа (16 шестнадцатеричных цифр)."),
    login: str | None = typer.Option(None, "--login", help="Чей ключ (admin — любой; по умолчанию свой)."),
    reason: str = typer.Option("", "--reason", help="Причина отзыва."),
) -> None:
    """Revoke a key from now on."""
    from eci.identity import directory
    from eci.identity.principal import signed_in

    settings = load_settings()
    with _store(settings) as store:
        principal = signed_in(settings, store)
        by = principal.user
        target = login or by.login
        if target == by.login and by.current_key and by.current_key.key_id == key_id:
            raise EciError(
                f"ключ {key_id} подписывает эту команду: замените его командой `eci users key init --rotate`",
                code="revoke_own_key",
            )
        directory.revoke_key(store, principal, target, key_id, reason)
    sys.stdout.write(f"Ключ {key_id} пользователя {target}: отозван\n")


def register(app: typer.Typer) -> None:
    """Add `eci users`."""
    app.add_typer(users_app, name="users")
