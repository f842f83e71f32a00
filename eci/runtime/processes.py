"""Telling our own processes and servers from anyone else's, and stopping only ours.

A process `eci up` starts carries the data dir's instance id in its environment (`ECI_STACK_INSTANCE`),
which the kernel keeps readable to the same user; a server it hosts says the id in its greeting. A port
that merely accepts connections proves nothing: another data dir's stack or an unrelated program may
listen there.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import time
from pathlib import Path

from config.stack_file import pid_alive

INSTANCE_VARIABLE = "ECI_STACK_INSTANCE"
PROC = Path("/proc")
_LISTEN = "0A"  # TCP state LISTEN in /proc/net/tcp


def instance_of(pid: int | None) -> str | None:
    """The instance id a process was started with, or None (no such process, another user's, none set)."""
    if pid is None or pid <= 0:
        return None
    try:
        environ = (PROC / str(pid) / "environ").read_bytes()
    except OSError:
        return None
    prefix = f"{INSTANCE_VARIABLE}=".encode()
    for item in environ.split(b"\0"):
        if item.startswith(prefix):
            return item[len(prefix) :].decode("ascii", "replace")
    return None


def _listening_inodes(port: int) -> set[str] | None:
    """Socket inodes listening on `port` (any address), or None when the kernel does not say."""
    found: set[str] = set()
    seen_table = False
    for table in ("tcp", "tcp6"):
        try:
            lines = (PROC / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        seen_table = True
        for line in lines:
            parts = line.split()
            if len(parts) > 9 and parts[3] == _LISTEN and int(parts[1].rpartition(":")[2], 16) == port:
                found.add(parts[9])
    return found if seen_table else None


def listens_on(pid: int, port: int) -> bool:
    """Whether the process holds the socket listening on `port` (True when the kernel cannot tell us)."""
    inodes = _listening_inodes(port)
    if inodes is None:
        return True
    if not inodes:
        return False
    try:
        descriptors = list((PROC / str(pid) / "fd").iterdir())
    except OSError:
        return False
    for fd in descriptors:
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return True
    return False


def is_ours(pid: int | None, instance: str) -> bool:
    """Whether a live process was started by this data dir's stack."""
    return pid is not None and pid_alive(pid) and instance_of(pid) == instance


def serves_ours(pid: int | None, instance: str, port: int) -> bool:
    """Whether this data dir's process `pid` is the one listening on `port`."""
    return is_ours(pid, instance) and listens_on(pid or 0, port)


def greeting(host: str, port: int, timeout: float = 2.0) -> str | None:
    """The first line a server sends on connecting (an SMTP banner), or None (nothing, or not in time)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as conn:
            conn.settimeout(timeout)
            data = b""
            while b"\n" not in data and len(data) < 512:
                chunk = conn.recv(512)
                if not chunk:
                    break
                data += chunk
    except OSError:
        return None
    return data.split(b"\n", 1)[0].decode("ascii", "replace").strip() or None


def greets_as(host: str, port: int, marker: str) -> bool:
    """Whether the server on host:port names `marker` in its greeting."""
    line = greeting(host, port)
    return line is not None and marker in line.split()


def port_free(host: str, port: int) -> bool:
    """Whether we could listen on host:port now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def stop_pid(pid: int, instance: str, timeout: float = 15.0) -> None:
    """Stop one of our processes (SIGTERM, then SIGKILL); a process not ours is never signalled."""
    if not is_ours(pid, instance):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while pid_alive(pid) and time.monotonic() < deadline:
        _reap(pid)
        time.sleep(0.05)
    if pid_alive(pid) and instance_of(pid) == instance:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        while pid_alive(pid) and instance_of(pid) is not None:
            _reap(pid)
            time.sleep(0.05)


def _reap(pid: int) -> None:
    """Collect a child's exit status (a zombie child stays 'alive' to kill(0) until it is reaped)."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)
