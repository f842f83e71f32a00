"""`eci users …`: the first user, adding a coordinator, listing, keys created, rotated and revoked, and
one-line refusals for bad input; every change is an event in the store."""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_invoke import Outcome, run_eci

from config.settings import load_settings
from domain.identity.authority import Founder
from eci.identity.keys import key_path, load_key
from eci.identity.principal import founding_note, os_login, signed_in
from store.event_store import EventStore

Eci = Callable[..., Outcome]
ME = os_login()


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


def listed(eci: Eci) -> dict[str, dict[str, object]]:
    result = eci("users", "list", "--json")
    assert result.code == 0, result.err
    return {u["login"]: u for u in json.loads(result.out)}


def user_events() -> list[str]:
    with EventStore.open(load_settings().effective_database_url) as store:
        return [r.type for r in store.read_prefix("users/")]


def test_the_data_dirs_owner_is_the_first_user_of_an_embedded_tracker(eci: Eci, data_dir: Path) -> None:
    whoami = eci("users", "whoami", "--json")
    assert whoami.code == 0, whoami.err
    me = json.loads(whoami.out)
    assert set(me) == {"login", "name", "roles", "key_id", "added_at"}
    assert me["login"] == ME
    assert me["roles"] == ["admin", "coordinator", "intake"]
    # The founding admin's registration is sealed by their own key, made there and then; its
    # fingerprint is what `eci db init` (and `eci up`) print for the auditors to keep.
    folder = load_settings().key_dir
    assert folder is not None
    key = load_key(folder, ME)
    assert key is not None
    assert me["key_id"] == key.key_id
    assert whoami.err == "", "a script's stderr stays clean"
    assert user_events() == ["UserAdded", "UserKeyRegistered"]
    fingerprint = hashlib.sha256(key.public_raw).hexdigest()
    assert eci("db", "init").out.endswith(f"Первый администратор: {ME}, отпечаток ключа {fingerprint}\n")


def test_the_founder_is_what_audit_verify_names_and_checks(eci: Eci, data_dir: Path) -> None:
    assert eci("users", "whoami").code == 0  # founds the embedded store
    folder = load_settings().key_dir
    assert folder is not None
    key = load_key(folder, ME)
    assert key is not None
    fingerprint = hashlib.sha256(key.public_raw).hexdigest()
    verdict = json.loads(eci("audit", "verify", "--json").out)
    assert verdict["founder"] == {"login": ME, "key_id": key.key_id, "fingerprint": fingerprint}
    assert f"Первый администратор: {ME}, ключ {fingerprint}" in eci("audit", "verify").out
    kept = eci("audit", "verify", "--json", "--founder", fingerprint)
    assert json.loads(kept.out)["ok"], kept.out
    other = eci("audit", "verify", "--json", "--founder", "0" * 64)
    assert other.code == 1
    refused = json.loads(other.out)
    assert (refused["position"], refused["code"]) == (1, "founder_mismatch")
    assert refused["reason"] == f"ключ первого администратора {ME} — {fingerprint}, а ожидался {'0' * 64}"


def test_an_admin_adds_a_coordinator_who_is_listed_with_name_and_roles(eci: Eci, data_dir: Path) -> None:
    added = eci("users", "add", "petrova", "--name", "Петрова А. В.", "--role", "coordinator")
    assert added.code == 0, added.err
    assert added.out == "petrova: Петрова А. В. — coordinator\n"
    petrova = listed(eci)["petrova"]
    assert petrova["name"] == "Петрова А. В."
    assert petrova["roles"] == ["coordinator"]
    assert petrova["key_id"] is None
    table = eci("users", "list").out
    assert "Петрова А. В." in table
    assert "Учётная запись" in table

    again = eci(
        "users", "add", "petrova", "--name", "Петрова А. В.", "--role", "coordinator", "--role", "auditor"
    )
    assert again.code == 0
    assert listed(eci)["petrova"]["roles"] == ["coordinator", "auditor"]

    assert eci("users", "remove", "petrova").code == 0
    assert "petrova" not in listed(eci)
    # (the founding admin's own UserAdded and key registration first)
    assert user_events() == ["UserAdded", "UserKeyRegistered", "UserAdded", "UserAdded", "UserRemoved"]


def test_the_first_user_added_to_an_empty_production_database_becomes_admin(
    eci: Eci, data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ECI_DATABASE_URL", f"sqlite:///{tmp_path / 'production.sqlite3'}")
    whoami = eci("users", "whoami")
    assert whoami.code == 2, "a production database bootstraps nobody by data dir ownership"
    assert whoami.err.startswith(f"eci: error: «{ME}» не зарегистрирован как пользователь системы")

    added = eci("users", "add", "sokolov", "--name", "Соколов И. П.", "--role", "coordinator")
    assert added.code == 0, added.err
    assert added.out.startswith(f"Первый пользователь: {ME} (admin, coordinator)\n")
    folder = load_settings().key_dir
    assert folder is not None
    key = load_key(folder, ME)
    assert key is not None
    assert founding_note(Founder(ME, key.key_id, key.public_b64)) in added.out  # the fingerprint to keep
    users = listed(eci)
    assert users[ME]["roles"] == ["admin", "coordinator", "intake"]
    assert users["sokolov"]["roles"] == ["coordinator"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "petrova", "--name", "Петрова", "--role", "chief"), "неизвестная роль «chief»"),
        (
            ("add", "petrova", "--name", "Петрова", "--role", "region:99"),
            "в роли «region:99» неизвестный код субъекта",
        ),
        (
            ("add", "pet rova", "--name", "Петрова", "--role", "auditor"),
            "недопустимая учётная запись «pet rova»",
        ),
        (("add", "petrova", "--name", " ", "--role", "auditor"), "укажите --name"),
        (("remove", "nosuch"), "пользователя nosuch нет"),
        (("remove", ME), f"{ME} не может удалить сам себя"),
        (("key", "revoke", "0123456789abcdef"), f"у {ME} нет ключа 0123456789abcdef"),
    ],
)
def test_bad_user_commands_fail_in_one_line_and_write_nothing(
    eci: Eci, data_dir: Path, args: tuple[str, ...], message: str
) -> None:
    assert eci("users", "whoami").code == 0
    before = user_events()
    result = eci("users", *args)
    assert result.code == 2
    assert result.err.startswith(f"eci: error: {message}")
    assert result.err.count("\n") == 1
    assert user_events() == before


def test_a_key_is_created_private_rotated_and_revoked(eci: Eci, data_dir: Path) -> None:
    folder = load_settings().key_dir
    assert folder is not None
    made = eci("users", "key", "init")
    assert made.code == 0, made.err
    path = key_path(folder, ME)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = listed(eci)[ME]["key_id"]
    assert made.out == f"Ключ {first} (новый): {path}\n"
    assert eci("users", "key", "init").out == f"Ключ {first} (уже создан): {path}\n"

    own = eci("users", "key", "revoke", str(first))
    assert own.code == 2
    assert f"ключ {first} подписывает эту команду" in own.err

    rotated = eci("users", "key", "init", "--rotate")
    assert rotated.code == 0, rotated.err
    second = listed(eci)[ME]["key_id"]
    assert second != first
    assert user_events() == ["UserAdded", "UserKeyRegistered", "UserKeyRegistered", "UserKeyRevoked"]
    assert eci("users", "key", "revoke", str(first)).err.startswith(
        f"eci: error: ключ {first} пользователя {ME} уже отозван"
    )


def test_a_private_key_others_can_read_is_refused(eci: Eci, data_dir: Path) -> None:
    assert eci("users", "key", "init").code == 0
    folder = load_settings().key_dir
    assert folder is not None
    key_path(folder, ME).chmod(0o644)
    result = eci("users", "key", "init")
    assert result.code == 2
    assert "закрытый ключ доступен другим пользователям" in result.err


def test_an_admin_revokes_another_users_key(eci: Eci, data_dir: Path, tmp_path: Path) -> None:
    from eci.identity import directory
    from eci.identity.keys import create_key

    assert eci("users", "add", "sokolov", "--name", "Соколов И. П.", "--role", "coordinator").code == 0
    theirs = create_key(tmp_path / "sokolov-keys", "sokolov")
    settings = load_settings()
    with EventStore.open(settings.effective_database_url) as store:
        directory.register_key(store, signed_in(settings, store), "sokolov", theirs.key_id, theirs.public_b64)
    assert listed(eci)["sokolov"]["key_id"] == theirs.key_id

    revoked = eci("users", "key", "revoke", theirs.key_id, "--login", "sokolov", "--reason", "ноутбук утерян")
    assert revoked.code == 0, revoked.err
    assert listed(eci)["sokolov"]["key_id"] is None
