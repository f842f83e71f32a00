"""`eci users add|remove|list|whoami` and `eci users key init|revoke`: who may act, and their keys."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer

from config.settings import Settings, load_settings
from domain.identity.users import User, active
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
    from eci.identity.principal import BOOTSTRAP_ROLES, os_login, os_name, signed_in

    settings = load_settings()
    with _store(settings) as store:
        # Embedded, the data dir's owner is the first user (`signed_in` bootstraps them); against an
        # empty production database, whoever adds the first user.
        if not settings.is_embedded and not active(directory.read_users(store)):
            me = os_login()
            directory.add_user(store, None, me, os_name(me), BOOTSTRAP_ROLES)
            sys.stdout.write(f"Первый пользователь: {me} (admin, coordinator)\n")
        by = signed_in(settings, store).user
        user = directory.add_user(store, by, login, name, roles)
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
        directory.remove_user(store, signed_in(settings, store).user, login)
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


@key_app.command("init", help="Создать ключ подписи для своей учётной записи и зарегистрировать его.")
def key_init_command(
    rotate: bool = typer.Option(False, "--rotate", help="Новый ключ вместо прежнего (прежний отзывается)."),
) -> None:
    """Create (or with --rotate replace) the current user's signing key."""
    from eci.identity import directory
    from eci.identity.keys import create_key, key_dir, key_path, load_key
    from eci.identity.principal import os_login, signed_in

    settings = load_settings()
    folder = key_dir(settings)
    with _store(settings) as store:
        login = os_login()
        principal = signed_in(settings, store)  # a stranger is refused before any file is touched
        had = load_key(folder, login)
        if rotate and had is not None:
            create_key(folder, login, replace=True)
        key = principal.key  # loads the key (creating it on first use) and registers it
        if rotate:
            for old in principal.user.keys:
                if old.key_id != key.key_id and old.revoked_at is None:
                    directory.revoke_key(store, principal.user, login, old.key_id, "заменён новым ключом")
    state = "новый" if rotate or had is None else "уже создан"
    sys.stdout.write(f"Ключ {key.key_id} ({state}): {key_path(folder, login)}\n")


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
        by = signed_in(settings, store).user
        target = login or by.login
        if target == by.login and by.current_key and by.current_key.key_id == key_id:
            raise EciError(f"key {key_id} is the one signing this; run `eci users key init --rotate` instead")
        directory.revoke_key(store, by, target, key_id, reason)
    sys.stdout.write(f"Ключ {key_id} пользователя {target}: отозван\n")


def register(app: typer.Typer) -> None:
    """Add `eci users`."""
    app.add_typer(users_app, name="users")
