"""The data dir is its owner's alone: what `eci db init`, the stack and the demo make is 0700 (directories)
and 0600 (files), or setgid 2770 and 0660 in the group `ECI_DATA_GROUP` names; an older open data dir
is closed by `eci db init`, and only eci's own files in it are touched."""

from __future__ import annotations

import grp
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures_temporal import free_port

from config.settings import Settings
from store.event_store import EventStore

ECI = str(Path(sys.executable).parent / "eci")
SHARED_GROUP = "nogroup"  # present on Debian; any group root may give a directory will do


def eci(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [ECI, *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr
    return done


def modes(root: Path) -> dict[str, tuple[str, str]]:
    """Each entry's `ls`-style mode and group, by path relative to the data dir."""
    found = {}
    for path in [root, *root.rglob("*")]:
        info = path.lstat()
        found[str(path.relative_to(root))] = (stat.filemode(info.st_mode), grp.getgrgid(info.st_gid).gr_name)
    return found


def stack_env(data_dir: Path, tmp_path: Path) -> dict[str, str]:
    return {
        "ECI_DATA_DIR": str(data_dir),
        "ECI_KEY_DIR": str(tmp_path / "keys"),
        "ECI_TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}",
        "ECI_SMTP_PORT": str(free_port()),
        "ECI_INTAKE_PORT": str(free_port()),
        "ECI_TEMPORAL_TASK_QUEUE": f"modes-{data_dir.name}",
    }


def test_db_init_makes_a_closed_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh"
    done = eci({"ECI_DATA_DIR": str(data_dir)}, "db", "init")
    assert "закрыт" not in done.stdout, "a data dir made closed needs no closing"
    found = modes(data_dir)
    assert found["."][0] == "drwx------"
    assert found["events.sqlite3"][0] == "-rw-------"
    assert {mode for mode, _group in found.values()} <= {"drwx------", "-rw-------"}, found


def test_db_init_closes_an_older_open_data_dir_and_leaves_other_files_alone(tmp_path: Path) -> None:
    data_dir = tmp_path / "old"
    previous = os.umask(0o022)  # as an older eci made it
    try:
        data_dir.mkdir()
        EventStore.open(Settings(data_dir=data_dir).effective_database_url).close()
        (data_dir / "mail" / "new").mkdir(parents=True)
        (data_dir / "mail" / "new" / "1.a1.eci").write_bytes(b"Subject: x\r\n\r\n")
        (data_dir / "worker.log").write_text("started\n")
        (data_dir / "notes.txt").write_text("not eci's\n")
    finally:
        os.umask(previous)
    assert modes(data_dir)["events.sqlite3"][0] == "-rw-r--r--"

    done = eci({"ECI_DATA_DIR": str(data_dir)}, "db", "init")
    assert (
        f"каталог данных {data_dir} закрыт: права изменены у 6 файлов и каталогов (0700/0600)" in done.stdout
    )
    found = modes(data_dir)
    assert found.pop("notes.txt")[0] == "-rw-r--r--", "a file eci did not make is not eci's to change"
    assert {mode for mode, _group in found.values()} == {"drwx------", "-rw-------"}, found

    again = eci({"ECI_DATA_DIR": str(data_dir)}, "db", "upgrade")
    assert "закрыт" not in again.stdout


@pytest.mark.temporal
@pytest.mark.slow
def test_the_stack_and_the_demo_make_only_closed_files(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo"
    eci(stack_env(data_dir, tmp_path), "demo", "--regions", "1")
    found = modes(data_dir)
    for name in ("events.sqlite3", "temporal.sqlite3", "temporal.log", "worker.log", "intake.key"):
        assert found[name][0] == "-rw-------", name
    assert any(name.startswith("mail/new/") for name in found), "the demo's mail is in the Maildir"
    assert {mode for mode, _group in found.values()} == {"drwx------", "-rw-------"}, found


@pytest.mark.temporal
@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="giving a directory to a group needs root or membership")
def test_with_a_data_group_the_stack_and_the_demo_share_with_that_group_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "shared"
    eci({**stack_env(data_dir, tmp_path), "ECI_DATA_GROUP": SHARED_GROUP}, "demo", "--regions", "1")
    found = modes(data_dir)
    keys = {name: found.pop(name) for name in list(found) if name.startswith("demo/keys")}
    assert found["."] == ("drwxrws---", SHARED_GROUP)
    for name in ("events.sqlite3", "temporal.sqlite3", "intake.key"):
        assert found[name] == ("-rw-rw----", SHARED_GROUP), name
    assert set(found.values()) == {("drwxrws---", SHARED_GROUP), ("-rw-rw----", SHARED_GROUP)}, found
    # A signing key is one person's, in a shared data dir too.
    assert {mode for mode, _group in keys.values()} == {"drwx--S---", "-rw-------"}, keys
