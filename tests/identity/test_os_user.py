"""The principal is the operating-system user: `eci` run as another local user (`runuser -u nobody`)
is that user, whatever the environment claims, and is refused unless the store registers them."""

from __future__ import annotations

import functools
import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fixtures_temporal import free_port

from config.settings import Settings
from eci.identity import directory
from eci.identity.principal import os_login
from store.event_store import EventStore

ROOT = Path(__file__).resolve().parents[2]
RUN_ECI = "import sys; sys.path[:0] = sys.argv[1:3]; del sys.argv[1:3]; from eci.cli.main import run; run()"
UNREGISTERED = (
    "eci: error: «nobody» не зарегистрирован как пользователь системы: администратор добавляет "
    "пользователей командой «eci users add»\n"
)


@functools.cache
def python_for_nobody() -> str | None:
    """An interpreter of this Python version with which `nobody` can import this project (the venv's
    own may sit in /root, and the checkout in a folder `nobody` cannot enter)."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    site = sysconfig.get_paths()["purelib"]
    probe = (
        "import sys; sys.path[:0] = sys.argv[1:3]; import cryptography, eci.cli.main; "
        "print(f'{sys.version_info.major}.{sys.version_info.minor}')"
    )
    for candidate in (os.path.realpath(sys.executable), f"/usr/bin/python{version}", "/usr/bin/python3"):
        done = subprocess.run(
            [str(shutil.which("runuser")), "-u", "nobody", "--", candidate, "-c", probe, str(ROOT), site],
            capture_output=True, text=True, check=False, cwd="/",
        )  # fmt: skip
        if done.returncode == 0 and done.stdout.strip() == version:
            return candidate
    return None


def _can_switch_user() -> bool:
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        return False
    return os.geteuid() == 0 and shutil.which("runuser") is not None and python_for_nobody() is not None


pytestmark = pytest.mark.skipif(not _can_switch_user(), reason="needs root, runuser and a user nobody")


@dataclass
class SharedTracker:
    """A data dir that root set up and another local user can reach (as on a shared server)."""

    data_dir: Path
    key_dir: Path

    @property
    def url(self) -> str:
        return Settings(data_dir=self.data_dir).effective_database_url

    def head(self) -> tuple[int, str] | None:
        with EventStore.open(self.url) as store:
            return store.head()

    def as_nobody(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        """`eci ARGS` run by the local user nobody, with `env` added to a clean environment."""
        environment = {
            "PATH": "/usr/bin:/bin",
            "ECI_DATA_DIR": str(self.data_dir),
            "ECI_KEY_DIR": str(self.key_dir),
            # Nothing listens here: a command that got past the identity check would fail on this instead.
            "ECI_TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}",
            **env,
        }
        site = sysconfig.get_paths()["purelib"]
        command = [str(python_for_nobody()), "-c", RUN_ECI, str(ROOT), site, *args]
        return subprocess.run(
            [str(shutil.which("runuser")), "-u", "nobody", "--", *command],
            env=environment, cwd=self.data_dir, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip


@pytest.fixture
def shared() -> Iterator[SharedTracker]:
    """Root's tracker (root registered as admin and coordinator) in a folder every user may enter."""
    base = Path(tempfile.mkdtemp(prefix="eci-shared-"))
    base.chmod(0o755)
    data_dir, key_dir = base / "data", base / "keys"
    data_dir.mkdir()
    key_dir.mkdir()
    data_dir.chmod(0o777)  # SQLite writes its journal beside the file
    key_dir.chmod(0o777)
    tracker = SharedTracker(data_dir, key_dir)
    with EventStore.open(tracker.url) as store:
        directory.add_user(store, None, os_login(), "Администратор А. А.", ["admin", "coordinator"])
    (data_dir / "events.sqlite3").chmod(0o666)
    yield tracker
    shutil.rmtree(base)


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
        admin = directory.read_users(store)[os_login()]
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
         "nobody does not hold the role admin: only an admin manages users"),
    ]:  # fmt: skip
        done = shared.as_nobody(*args)
        assert done.returncode == 2, done.stderr
        assert done.stderr == f"eci: error: {message}\n"
    assert shared.head() == head
    assert not any(shared.key_dir.iterdir()), "a refused action makes no key"
