"""The users' fold a worker keeps between signer checks: it reads only what was appended since, yet says
what a full read says after every change, and a change counts for the very next check."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

from domain.errors import DomainError
from domain.identity.signer import SignerCheck, verdict
from eci.identity import directory
from store.event_store import EventStore
from store.users import LiveUsers, read_users

KEY_A = "0123456789abcdef"
KEY_B = "fedcba9876543210"
PUBLIC = "A" * 43 + "="


@pytest.fixture
def store(store_url: str) -> Iterator[EventStore]:
    with EventStore.open(store_url) as opened:
        yield opened


def check(login: str, key_id: str, actor: str = "coordinator") -> SignerCheck:
    """A signature made a moment from now (after every change the test makes)."""
    at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    return SignerCheck(login=login, key_id=key_id, actor=actor, signed_at=at.isoformat())


def test_the_kept_fold_says_what_a_full_read_says_after_every_change(store: EventStore) -> None:
    live = LiveUsers(store)
    assert live.current() == {} == read_users(store)
    admin = directory.add_user(store, None, "root", "Админ", ["admin", "coordinator"])
    changes = [
        lambda: directory.register_key(store, admin, KEY_A, PUBLIC),
        lambda: directory.add_user(store, admin, "petrova", "Петрова А. В.", ["coordinator"]),
        lambda: directory.register_key(store, read_users(store)["petrova"], KEY_B, PUBLIC),
        lambda: directory.add_user(store, admin, "petrova", "Петрова А. В.", ["auditor"]),
        lambda: directory.revoke_key(store, admin, "root", KEY_A, "утерян"),
        lambda: directory.remove_user(store, admin, "petrova"),
    ]
    assert live.current() == read_users(store)
    for change in changes:
        change()
        assert live.current() == read_users(store)
        assert live.current() == read_users(store)  # nothing new: the same answer again


def test_a_revoked_key_and_a_removed_role_count_for_the_very_next_check(store: EventStore) -> None:
    live = LiveUsers(store)
    admin = directory.add_user(store, None, "root", "Админ", ["admin", "coordinator"])
    directory.register_key(store, admin, KEY_A, PUBLIC)
    assert verdict(live.current(), check("root", KEY_A)).name == "Админ"

    directory.revoke_key(store, admin, "root", KEY_A, "ноутбук утерян")
    with pytest.raises(DomainError, match="отозван раньше, чем подписал запрос"):
        verdict(live.current(), check("root", KEY_A))

    directory.register_key(store, admin, KEY_B, PUBLIC)
    assert verdict(live.current(), check("root", KEY_B)).login == "root"  # a new key signs at once
    directory.add_user(store, admin, "root", "Админ", ["admin", "auditor"])
    with pytest.raises(DomainError, match="нет роли «coordinator»"):
        verdict(live.current(), check("root", KEY_B))


def test_a_database_recreated_at_the_same_address_is_folded_afresh(
    sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    template: Path = request.getfixturevalue("_sqlite_template")
    with EventStore.open(sqlite_url) as store:
        live = LiveUsers(store)
        directory.add_user(store, None, "root", "Админ", ["admin"])
        assert set(live.current()) == {"root"}
        store.engine.dispose()
        shutil.copyfile(template, str(make_url(sqlite_url).database))
        directory.add_user(store, None, "ivanov", "Иванов И. И.", ["admin"])
        assert set(live.current()) == {"ivanov"} == set(read_users(store))
