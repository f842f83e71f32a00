"""The principal is the operating-system user: `eci` run as another local user (`runuser -u nobody`)
is that user, whatever the environment claims, and is refused unless the store registers them."""

from __future__ import annotations

import pytest
from local_users import SharedTracker, can_switch_to

from config.settings import Settings
from eci.identity import directory
from eci.identity.principal import os_login, signed_in
from store.event_store import EventStore

UNREGISTERED = (
    "eci: error: «nobody» не зарегистрирован как пользователь системы: администратор добавляет "
    "пользователей командой «eci users add»\n"
)

pytestmark = pytest.mark.skipif(not can_switch_to("nobody"), reason="needs root, runuser and a user nobody")


@pytest.mark.parametrize(
    "args",
    [
        ("users", "whoami"),
        ("accept", "2026/05/77", "--as", "coordinator"),
        ("waive", "2026/05/77", "--reason", "не применяется"),
        ("users", "add", "nobody", "--name", "Никто Н. Н.", "--role", "coordinator"),
        ("users", "key", "init"),
    ],
)
def test_an_unregistered_local_user_is_refused_by_login_whatever_the_environment_claims(
    shared: SharedTracker, args: tuple[str, ...]
) -> None:
    head = shared.head()
    claimed = {"USER": os_login(), "LOGNAME": os_login(), "HOME": "/root", "ECI_ACTOR": "coordinator"}
    done = shared.as_nobody(*args, **claimed)
    assert done.returncode == 2, done.stderr
    assert done.stderr == UNREGISTERED
    assert shared.head() == head, "nothing is written for a stranger"
    assert not any(shared.key_dir.iterdir()), "no key is made for a stranger"


def test_a_data_dir_owned_by_someone_else_does_not_make_its_first_user(shared: SharedTracker) -> None:
    empty = shared.data_dir / "empty"
    empty.mkdir()
    empty.chmod(0o777)
    done = shared.as_nobody(
        "users", "add", "nobody", "--name", "Никто", "--role", "admin", ECI_DATA_DIR=str(empty)
    )
    assert done.returncode == 2
    assert done.stderr == UNREGISTERED
    with EventStore.open(Settings(data_dir=empty).effective_database_url) as store:
        assert directory.read_users(store) == {}


def test_a_local_user_registered_as_auditor_acts_only_as_auditor(shared: SharedTracker) -> None:
    with EventStore.open(shared.url) as store:
        admin = signed_in(Settings(data_dir=shared.data_dir), store)
        directory.add_user(store, admin, "nobody", "Аудиторова А. А.", ["auditor"])
    head = shared.head()

    whoami = shared.as_nobody("users", "whoami")
    assert whoami.returncode == 0, whoami.stderr
    assert whoami.stdout.startswith("nobody: Аудиторова А. А. — auditor")

    for args, message in [
        (("accept", "2026/05/77", "--as", "coordinator"),
         "у пользователя «nobody» нет роли «coordinator» (координатор)"),
        (("extend", "2026/05/77", "--until", "2027-01-30", "--reason", "письмо", "--as", "coordinator"),
         "у пользователя «nobody» нет роли «coordinator» (координатор)"),
        (("users", "add", "nobody", "--name", "Н", "--role", "coordinator"),
         "у пользователя «nobody» нет роли «admin» (администратор): "
         "пользователями управляет только администратор"),
    ]:  # fmt: skip
        done = shared.as_nobody(*args)
        assert done.returncode == 2, done.stderr
        assert done.stderr == f"eci: error: {message}\n"
    assert shared.head() == head
    assert not any(shared.key_dir.iterdir()), "a refused action makes no key"
