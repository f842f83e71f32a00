"""Several coordinators on one server share a data dir through a group (`ECI_DATA_GROUP`): a member who
does not own it reads and writes the store, what they make stays the group's, and a local user outside
the group is kept out by the modes alone."""

from __future__ import annotations

import grp
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_users import can_switch_to, eci_as, many_eci_as

pytestmark = pytest.mark.skipif(not can_switch_to("nobody"), reason="needs root, runuser and a user nobody")

ECI = str(Path(sys.executable).parent / "eci")
GROUP = "nogroup"  # nobody's own group on Debian: nobody is its member, daemon is not


@pytest.fixture
def base() -> Iterator[Path]:
    """A folder every local user may enter, with a key folder for root and one for nobody."""
    folder = Path(tempfile.mkdtemp(prefix="eci-group-"))
    folder.chmod(0o755)
    (folder / "keys-root").mkdir(mode=0o700)
    nobody_keys = folder / "keys-nobody"
    nobody_keys.mkdir(mode=0o700)
    shutil.chown(nobody_keys, "nobody")
    yield folder
    shutil.rmtree(folder)


def settings_for(base: Path, login: str) -> dict[str, str]:
    return {
        "ECI_DATA_DIR": str(base / "data"),
        "ECI_KEY_DIR": str(base / f"keys-{login}"),
        "ECI_DATA_GROUP": GROUP,
    }


def as_root(base: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **settings_for(base, "root")}
    done = subprocess.run([ECI, *args], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done


def test_a_member_of_the_data_group_reads_and_writes_and_an_outsider_stays_out(base: Path) -> None:
    as_root(base, "db", "init")
    as_root(base, "users", "add", "nobody", "--name", "Никитина Н. Н.", "--role", "coordinator")
    data = base / "data"
    gid = grp.getgrnam(GROUP).gr_gid
    assert (stat.filemode(data.stat().st_mode), data.stat().st_gid) == ("drwxrws---", gid)

    member = many_eci_as(
        "nobody",
        [["users", "whoami"], ["users", "key", "init"], ["status", "--json"], ["users", "list", "--json"]],
        settings_for(base, "nobody"),
        base,
    )
    for result in member:
        assert result["code"] == 0, result
    assert member[0]["out"].startswith("nobody: Никитина Н. Н. — coordinator")
    assert member[3]["out"].count('"key_id": "') == 1, "nobody's key is registered: the member wrote"

    for path in [data, *data.rglob("*")]:
        info = path.lstat()
        expected = "drwxrws---" if path.is_dir() else "-rw-rw----"
        assert (stat.filemode(info.st_mode), info.st_gid) == (expected, gid), path
    assert "nobody" in as_root(base, "audit", "history", "users/nobody").stdout

    if can_switch_to("daemon"):
        outside = eci_as("daemon", ["status"], settings_for(base, "daemon"), base)
        assert outside.returncode == 2
        assert outside.stderr == (
            f"eci: error: {data} закрыт для daemon (владелец root, 2770): трекером этого каталога данных "
            "пользуются его владелец и участники группы ECI_DATA_GROUP\n"
        )
