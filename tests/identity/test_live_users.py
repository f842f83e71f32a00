"""The users' fold a worker keeps between signer checks: it reads only what was appended since, yet says
what a full read says after every change, and a change counts for the very next check."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures_identity import found_admin, new_key
from sqlalchemy import make_url

from domain.errors import DomainError
from domain.identity.signer import SignerCheck, verdict
from eci.identity import directory
from store.event_store import EventStore
from store.users import LiveUsers, read_users


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
    admin = found_admin(store, "root", "Админ", ["admin", "coordinator"])
    key_a, key_b = new_key("root"), new_key("petrova")
    changes = [
        lambda: directory.register_key(store, admin, "root", key_a.key_id, key_a.public_b64),
        lambda: directory.add_user(store, admin, "petrova", "Петрова А. В.", ["coordinator"]),
        lambda: directory.register_key(store, admin, "petrova", key_b.key_id, key_b.public_b64),
        lambda: directory.add_user(store, admin, "petrova", "Петрова А. В.", ["auditor"]),
        lambda: directory.revoke_key(store, admin, "root", key_a.key_id, "утерян"),
        lambda: directory.remove_user(store, admin, "petrova"),
    ]
    assert live.current() == read_users(store)
    for change in changes:
        change()
        assert live.current() == read_users(store)
        assert live.current() == read_users(store)  # nothing new: the same answer again


def test_a_revoked_key_and_a_removed_role_count_for_the_very_next_check(store: EventStore) -> None:
    live = LiveUsers(store)
    admin = found_admin(store, "root", "Админ", ["admin", "coordinator"])  # its key seals the changes
    key_a, key_b = new_key("root"), new_key("root")
    directory.register_key(store, admin, "root", key_a.key_id, key_a.public_b64)
    assert verdict(live.current(), check("root", key_a.key_id)).name == "Админ"

    directory.revoke_key(store, admin, "root", key_a.key_id, "ноутбук утерян")
    with pytest.raises(DomainError, match="отозван раньше, чем подписал запрос"):
        verdict(live.current(), check("root", key_a.key_id))

    directory.register_key(store, admin, "root", key_b.key_id, key_b.public_b64)
    assert verdict(live.current(), check("root", key_b.key_id)).login == "root"  # a new key signs at once
    directory.add_user(store, admin, "root", "Админ", ["admin", "auditor"])
    with pytest.raises(DomainError, match="нет роли «coordinator»"):
        verdict(live.current(), check("root", key_b.key_id))


def test_a_database_recreated_at_the_same_address_is_folded_afresh(
    sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    template: Path = request.getfixturevalue("_sqlite_template")
    with EventStore.open(sqlite_url) as store:
        live = LiveUsers(store)
        found_admin(store, "root", "Админ", ["admin"])
        assert set(live.current()) == {"root"}
        store.engine.dispose()
        shutil.copyfile(template, str(make_url(sqlite_url).database))
        found_admin(store, "ivanov", "Иванов И. И.", ["admin"])
        assert set(live.current()) == {"ivanov"} == set(read_users(store))
