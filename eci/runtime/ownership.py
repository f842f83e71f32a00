"""Who runs a data dir's stack: one owner at a time (a lock), what it may reuse, which ports it takes.

The owner holds an exclusive `flock` on `stack.lock` for as long as it runs; the kernel drops the lock
when the process ends, however it ends, so a lock that can be taken means no owner is alive. Whatever
the record still lists after that is a leftover of a crash: a process is touched only when it carries
this data dir's instance id, and a port is used only when free (or held by our own server).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from config.stack_file import StackRecord, new_instance, read_record, write_record
from eci.runtime.processes import free_port, is_ours, listens_on, port_free, stop_pid

LOCK_FILE = "stack.lock"
LOOPBACK = ("127.0.0.1", "localhost", "::1", "0.0.0.0")


class OwnerLock:
    """The exclusive lock on a data dir's stack, held by the process that runs it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle: IO[bytes] | None = handle

    @classmethod
    def take(cls, data_dir: Path) -> OwnerLock | None:
        """The lock, or None when another live process holds it."""
        handle = (data_dir / LOCK_FILE).open("ab")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return None
        return cls(handle)

    def release(self) -> None:
        """Let the next `eci up` own the data dir."""
        if self._handle is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def load_or_new(data_dir: Path) -> StackRecord:
    """The data dir's record, or a new one with a fresh instance id (written at once)."""
    record = read_record(data_dir)
    if record is None:
        record = StackRecord(instance=new_instance())
        write_record(data_dir, record)
    return record


@dataclass(frozen=True)
class Leftovers:
    """What a crashed owner left: the server we may adopt, and what was cleaned up (for the notes)."""

    record: StackRecord
    adopted_server: str | None
    notes: tuple[str, ...]


def clean_leftovers(data_dir: Path, record: StackRecord) -> Leftovers:
    """Adopt our own server left running, stop our own stale worker, forget anything not ours."""
    notes: list[str] = []
    adopted = None
    address = record.temporal_address
    if record.temporal_pid is not None and address and is_ours(record.temporal_pid, record.instance):
        port = int(address.rpartition(":")[2])
        if listens_on(record.temporal_pid, port):
            adopted = address
            notes.append(f"Temporal прерванного запуска (pid {record.temporal_pid}) подхвачен")
        else:
            stop_pid(record.temporal_pid, record.instance)
            notes.append(f"остановлен неотвечающий Temporal прерванного запуска (pid {record.temporal_pid})")
    if record.worker_pid is not None and is_ours(record.worker_pid, record.instance):
        # A fresh worker is started with the ports chosen now; the old one may point at stale ones.
        stop_pid(record.worker_pid, record.instance)
        notes.append(f"остановлен обработчик прерванного запуска (pid {record.worker_pid})")
    for pidfile in ("worker.pid",) if adopted else ("worker.pid", "temporal.pid"):
        (data_dir / pidfile).unlink(missing_ok=True)
    cleaned = record.with_(
        owner_pid=os.getpid(),
        temporal_pid=record.temporal_pid if adopted else None,
        temporal_address=adopted or record.temporal_address,
        worker_pid=None,
    )
    write_record(data_dir, cleaned)
    return Leftovers(cleaned, adopted, tuple(notes))


def is_loopback(host: str) -> bool:
    """Whether the host is this machine (where `eci up` may start servers)."""
    return host in LOOPBACK or host.startswith("127.")


@dataclass(frozen=True)
class PortChoice:
    """A port to listen on, and the note saying why it is not the one asked for (None when it is)."""

    port: int
    note: str | None


def choose_port(host: str, wanted: int, what: str) -> PortChoice:
    """`wanted` when free, else a free port; the note names the port taken (in the user's language)."""
    if port_free(host, wanted):
        return PortChoice(wanted, None)
    chosen = free_port(host)
    return PortChoice(chosen, f"порт {wanted} занят другой программой: {what} на {host}:{chosen}")
