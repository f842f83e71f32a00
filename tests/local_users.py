"""Running `eci` as another local user (`runuser -u LOGIN`), as a second person on the same server would.

Needs root and `runuser`; the interpreter must be one that user may run and that can import this
checkout (the venv's own may sit in /root, and the checkout in a folder others cannot enter).
"""

from __future__ import annotations

import functools
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fixtures_temporal import free_port

from config.settings import Settings
from store.event_store import EventStore

ROOT = Path(__file__).resolve().parents[1]
RUN_ECI = "import sys; sys.path[:0] = sys.argv[1:3]; del sys.argv[1:3]; from eci.cli.main import run; run()"

# Runs several `eci` commands in one process (one import, not one per command) and prints, as JSON,
# each one's exit status, stdout and stderr.
RUN_MANY = """
import contextlib, io, json, sys
sys.path[:0] = sys.argv[1:3]
from eci.cli import main
main._hard_exit = lambda status: None
results = []
for args in json.load(open(sys.argv[3], encoding="utf-8")):
    out, err = io.StringIO(), io.StringIO()
    sys.argv = ["eci", *args]
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main.run()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    results.append({"args": args, "code": code, "out": out.getvalue(), "err": err.getvalue()})
print(json.dumps(results, ensure_ascii=False))
"""


def _site() -> str:
    return sysconfig.get_paths()["purelib"]


@functools.cache
def python_for(login: str) -> str | None:
    """An interpreter of this Python version with which `login` can import this project, or None."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    probe = (
        "import sys; sys.path[:0] = sys.argv[1:3]; import cryptography, eci.cli.main; "
        "print(f'{sys.version_info.major}.{sys.version_info.minor}')"
    )
    for candidate in (os.path.realpath(sys.executable), f"/usr/bin/python{version}", "/usr/bin/python3"):
        done = subprocess.run(
            [str(shutil.which("runuser")), "-u", login, "--", candidate, "-c", probe, str(ROOT), _site()],
            capture_output=True, text=True, check=False, cwd="/",
        )  # fmt: skip
        if done.returncode == 0 and done.stdout.strip() == version:
            return candidate
    return None


def can_switch_to(login: str) -> bool:
    """Root, `runuser`, the user itself, and an interpreter that user can run this project with."""
    try:
        pwd.getpwnam(login)
    except KeyError:
        return False
    return os.geteuid() == 0 and shutil.which("runuser") is not None and python_for(login) is not None


def _environment(env: dict[str, str]) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", **env}


def eci_as(
    login: str, args: Sequence[str], env: dict[str, str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`eci ARGS` run by `login` in a clean environment with `env` added."""
    command = [str(python_for(login)), "-c", RUN_ECI, str(ROOT), _site(), *args]
    return subprocess.run(
        [str(shutil.which("runuser")), "-u", login, "--", *command],
        env=_environment(env), cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


def many_eci_as(
    login: str, commands: Sequence[Sequence[str]], env: dict[str, str], folder: Path, timeout: float = 300
) -> list[dict[str, Any]]:
    """Each of `commands` run by `login` in one process: [{args, code, out, err}] in order."""
    listing = folder / "commands.json"
    listing.write_text(json.dumps([list(c) for c in commands], ensure_ascii=False), encoding="utf-8")
    listing.chmod(0o644)
    command = [str(python_for(login)), "-c", RUN_MANY, str(ROOT), _site(), str(listing)]
    done = subprocess.run(
        [str(shutil.which("runuser")), "-u", login, "--", *command],
        env=_environment(env), cwd=folder, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    listing.unlink()
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def tree(root: Path) -> dict[str, tuple[int, int, int, int, int]]:
    """Every entry under `root`: (mode, owner, group, size, mtime of a file's content).

    A directory's own mtime is left out: SQLite's readers make and remove a -shm file beside the
    database, which moves the directory's mtime without writing anything.
    """
    entries = {}
    for path in [root, *root.rglob("*")]:
        info = path.lstat()
        is_dir = stat.S_ISDIR(info.st_mode)
        entries[str(path.relative_to(root))] = (
            info.st_mode, info.st_uid, info.st_gid, 0 if is_dir else info.st_size,
            0 if is_dir else info.st_mtime_ns,
        )  # fmt: skip
    return entries


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

    def environment(self, **env: str) -> dict[str, str]:
        """The settings another user runs `eci` with here, and `env` on top."""
        return {
            "ECI_DATA_DIR": str(self.data_dir),
            "ECI_KEY_DIR": str(self.key_dir),
            # Nothing listens here: a command that got past the identity check would fail on this instead.
            "ECI_TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}",
            "ECI_SMTP_PORT": str(free_port()),
            "ECI_INTAKE_PORT": str(free_port()),
            **env,
        }

    def as_nobody(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        """`eci ARGS` run by the local user nobody, with `env` added to a clean environment."""
        return eci_as("nobody", args, self.environment(**env), self.data_dir)
