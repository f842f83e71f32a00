"""Users change only by an admin, provably: a correctly chained `UserAdded` that nobody sealed, inserted
with the application's PostgreSQL role, or one sealed by a user who is not an admin, or a key slipped in
for the admin under the intruder's own seal, fails `eci audit verify` at its position and grants
nothing: the users' fold skips it, so the stranger cannot act."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_invoke import Outcome, run_eci
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, make_url, text

from config.settings import load_settings
from domain.actors import ADMIN
from domain.errors import DomainError
from domain.eventing.base import DomainEvent
from domain.eventing.metadata import EventMetadata
from domain.identity.events import UserAdded, UserKeyRegistered, user_stream
from domain.identity.signer import SignerCheck, verdict
from eci.identity import directory
from eci.identity.keys import SigningKey
from eci.identity.principal import found, os_login, signed_in
from eci.identity.sealing import KeySealer
from store.event_store import EventStore
from store.records import NewEvent
from store.users import read_users

Eci = Callable[..., Outcome]
ME = os_login()
STRANGER = "stranger"
ADDED = "событие «пользователь добавлен»"
NOT_ADMIN = ADDED + " запечатано пользователем {}, который на этой позиции не администратор"


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


@pytest.fixture
def founded(data_dir: Path, store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A store (each engine) whose founding admin is the OS user running the tests."""
    monkeypatch.setenv("ECI_DATABASE_URL", store_url)
    with EventStore.open(store_url) as store:
        found(store, load_settings(), ME, "Администратор А. А.", ["admin", "coordinator"])
    return store_url


def forged(event: DomainEvent) -> NewEvent:
    """The event as an intruder writes it: claiming the admin made it."""
    metadata = EventMetadata.for_actor(ADMIN, cause="users add", login=ME, name="Администратор А. А.")
    return NewEvent(event, uuid.uuid4(), metadata, dt.datetime.now(dt.UTC))


def stranger_made_admin() -> UserAdded:
    return UserAdded(
        obligation_id=user_stream(STRANGER),
        login=STRANGER,
        name="Чужой Ч. Ч.",
        roles=("admin", "coordinator"),
    )


def verify(eci: Eci) -> dict[str, object]:
    done = eci("audit", "verify", "--json")
    verdict_: dict[str, object] = json.loads(done.out)
    assert (done.code == 0) == verdict_["ok"], done.err
    return verdict_


def grants_nothing(url: str) -> None:
    """The fold skips the stranger: not a user, so no key of theirs signs anything."""
    with EventStore.open(url, migrate=False) as store:
        users = read_users(store)
    assert STRANGER not in users
    assert users[ME].holds("admin")
    check = SignerCheck(
        login=STRANGER, key_id="0" * 16, actor="coordinator", signed_at=dt.datetime.now(dt.UTC).isoformat()
    )
    with pytest.raises(DomainError, match=f"«{STRANGER}» не зарегистрирован"):
        verdict(users, check)


@pytest.fixture
def application_role(founded: str) -> Iterator[str]:
    """A login role of the application's group (`eci_writer`: appends, never updates) on PostgreSQL."""
    role, password = f"eci_app_{uuid.uuid4().hex[:8]}", "app-secret"
    owner = create_engine(founded, isolation_level="AUTOCOMMIT")
    try:
        with owner.connect() as conn:
            conn.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{password}' IN ROLE eci_writer"))
        yield make_url(founded).set(username=role, password=password).render_as_string(hide_password=False)
    finally:
        with owner.connect() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))
        owner.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_an_unsealed_user_added_by_the_application_role_fails_verification_and_grants_no_role(
    eci: Eci, founded: str, application_role: str
) -> None:
    with EventStore.open(application_role, migrate=False) as store:  # the role's own path: chained
        [inserted] = store.append(user_stream(STRANGER), [forged(stranger_made_admin())])
    verdict_ = verify(eci)
    assert (verdict_["ok"], verdict_["position"]) == (False, inserted.position)
    assert verdict_["code"] == "unsealed_after_sealing"
    assert verdict_["reason"] == f"{ADDED} не запечатано, хотя более ранние события журнала запечатаны"
    grants_nothing(founded)
    assert ME in eci("users", "list", "--json").out
    assert STRANGER not in eci("users", "list", "--json").out


def test_a_user_added_under_a_non_admins_seal_fails_verification_and_grants_no_role(
    eci: Eci, founded: str
) -> None:
    petrova = SigningKey("petrova", Ed25519PrivateKey.generate())
    settings = load_settings()
    with EventStore.open(founded) as store:
        admin = signed_in(settings, store)
        directory.add_user(store, admin, "petrova", "Петрова А. В.", ["coordinator"])
        directory.register_key(store, admin, "petrova", petrova.key_id, petrova.public_b64)
        # A coordinator with a registered key, and write access to the database, seals a new admin.
        [inserted] = store.append(
            user_stream(STRANGER), [forged(stranger_made_admin())], sealer=KeySealer(petrova)
        )
    verdict_ = verify(eci)
    assert (verdict_["ok"], verdict_["position"]) == (False, inserted.position)
    assert verdict_["code"] == "sealer_not_admin"
    assert verdict_["reason"] == NOT_ADMIN.format("petrova")
    grants_nothing(founded)


def test_a_key_slipped_in_for_the_admin_under_its_own_seal_fails_verification_and_signs_nothing(
    eci: Eci, founded: str
) -> None:
    intruder = SigningKey(ME, Ed25519PrivateKey.generate())  # claims to be the admin, with a key of its own
    event = UserKeyRegistered(
        obligation_id=user_stream(ME), login=ME, key_id=intruder.key_id, public_key=intruder.public_b64
    )
    with EventStore.open(founded) as store:
        [inserted] = store.append(user_stream(ME), [forged(event)], sealer=KeySealer(intruder, announce=True))
    verdict_ = verify(eci)
    assert (verdict_["ok"], verdict_["position"]) == (False, inserted.position)
    assert verdict_["code"] == "key_unknown"
    unknown = f"событие запечатано ключом {intruder.key_id}, которого цепочка не регистрировала"
    assert verdict_["reason"] == unknown
    with EventStore.open(founded, migrate=False) as store:
        assert read_users(store)[ME].key(intruder.key_id) is None


def test_a_second_founding_fails_verification_and_grants_no_role(eci: Eci, founded: str) -> None:
    """A stranger's own self-sealed founding, once the log has its founder."""
    stranger = SigningKey(STRANGER, Ed25519PrivateKey.generate())
    with EventStore.open(founded) as store:
        [inserted] = store.append(
            user_stream(STRANGER), [forged(stranger_made_admin())], sealer=KeySealer(stranger, announce=True)
        )
    verdict_ = verify(eci)
    assert (verdict_["ok"], verdict_["position"]) == (False, inserted.position)
    assert verdict_["code"] == "sealer_not_admin"
    assert verdict_["reason"] == NOT_ADMIN.format(STRANGER)
    grants_nothing(founded)
