"""A throwaway PostgreSQL server started from the installed binaries, for tests and benchmarks.

PostgreSQL refuses to run as root, so under root the server runs as the `postgres` user (or `nobody`)
in a data directory it owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_SEARCH = ("/usr/local/bin", "/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/opt/homebrew/bin")


def find_binaries() -> Path | None:
    """The directory holding `initdb` and `pg_ctl`, if any."""
    on_path = shutil.which("pg_ctl")
    candidates = [str(Path(on_path).parent)] if on_path else []
    for pattern in _SEARCH:
        candidates.extend(sorted(glob.glob(pattern), reverse=True))
    for directory in candidates:
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and there is no postgres or nobody user to run PostgreSQL")


@dataclass
class PgServer:
    """A running server; `url(db)` gives a SQLAlchemy URL for one of its databases."""

    root: Path
    bin_dir: Path
    port: int
    user: pwd.struct_passwd | None

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of `database` on this server."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _cmd(self, *args: str) -> list[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        return ["runuser", "-u", self.user.pw_name, "--", *command] if self.user else command

    def stop(self) -> None:
        """Stop the server at once and remove its files."""
        subprocess.run(
            self._cmd("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop"),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def start_server(*, durable: bool = False) -> PgServer:
    """Initialise and start a server on a free port; `durable=False` turns fsync off for speed."""
    bin_dir = find_binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL binaries (initdb, pg_ctl) not found")
    user = _run_as()
    root = Path(tempfile.mkdtemp(prefix="eci-pg-"))
    if user is not None:
        os.chown(root, user.pw_uid, user.pw_gid)
    server = PgServer(root=root, bin_dir=bin_dir, port=_free_port(), user=user)
    data = root / "data"
    subprocess.run(
        server._cmd("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"),
        capture_output=True,
        check=True,
    )
    options = f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    result = subprocess.run(
        server._cmd("pg_ctl", "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        log = (root / "log").read_text() if (root / "log").exists() else ""
        server.stop()
        raise RuntimeError(f"PostgreSQL did not start: {result.stderr.strip()} {log.strip()[-500:]}")
    return server
