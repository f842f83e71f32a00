"""`eci up`: the dev server, a worker, the mail sink and the TUI together, belonging to one data dir.

The first `eci up` on a data dir owns its stack (see `eci.runtime.ownership`); a second one on the same
data dir shares it, and one on another data dir starts its own on free ports. The server and the worker
run as child processes in their own sessions, so Ctrl-C reaches only this process, which then stops them
in order (worker first, so it shuts down while the server still answers).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config.settings import Settings
from config.stack_file import StackRecord, read_record, write_record
from eci.data_dir import close_data_dir, closed_note
from eci.errors import EciError
from eci.runtime.devserver import DevServer
from eci.runtime.ownership import OwnerLock, clean_leftovers, load_or_new
from eci.runtime.processes import greets_as, is_ours, serves_ours, stop_pid
from eci.runtime.stack_parts import (
    choose_mail_ports,
    marker,
    start_intake,
    start_mail_sink,
    start_server,
    start_worker,
)

EXIT_INFRASTRUCTURE = 3  # as `eci.cli.failures` counts the infrastructure's failures


@dataclass
class Stack:
    """What `eci up` runs for its data dir: the parts it owns (stopped on exit) or shares with the owner.

    `settings` are the ones in effect: the ports actually chosen, which other commands read back from the
    data dir's record while the stack runs.
    """

    settings: Settings
    record: StackRecord | None = None  # set when this process owns the stack
    lock: OwnerLock | None = None
    server: DevServer | None = None
    adopted_server: int | None = None  # pid of our own server a crashed run left, adopted
    worker: subprocess.Popen[bytes] | None = None
    sink: Any = None
    intake: Any = None
    notes: list[str] = field(default_factory=list)

    def stop(self) -> None:
        """Stop what this process owns, in reverse order; a second Ctrl-C cannot cut this short."""
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            for part in (self.sink, self.intake):
                if part is not None:
                    with contextlib.suppress(Exception):
                        part.stop()
            if self.worker is not None:
                _terminate(self.worker, 15)
                (self.settings.data_dir / "worker.pid").unlink(missing_ok=True)
            if self.server is not None:
                self.server.stop()
            if self.adopted_server is not None and self.record is not None:
                stop_pid(self.adopted_server, self.record.instance)
                (self.settings.data_dir / "temporal.pid").unlink(missing_ok=True)
            if self.record is not None:
                stopped = self.record.with_(owner_pid=None, temporal_pid=None, worker_pid=None)
                write_record(self.settings.data_dir, stopped)
            if self.lock is not None:
                self.lock.release()
        finally:
            signal.signal(signal.SIGINT, previous)


def _terminate(process: subprocess.Popen[bytes], timeout: float) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """An entry point of another part of the tracker, if this build has it."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    attr = getattr(found, name, None)
    return attr if callable(attr) else None


EMBEDDED_INTAKE_LOCAL = "sdacha"


def embedded_settings(settings: Settings) -> Settings:
    """The embedded stack's settings: with no intake address set, replies go to `sdacha@<mail domain>`."""
    if settings.intake_address:
        return settings
    domain = settings.mail_from.rpartition("@")[2].strip(" >") or "eci.local"
    return settings.model_copy(update={"intake_address": f"{EMBEDDED_INTAKE_LOCAL}@{domain}"})


def _own(settings: Settings, lock: OwnerLock, *, server_only: bool = False) -> Stack:
    """Start the parts as the data dir's owner (adopting our own server a crashed run left)."""
    left = clean_leftovers(settings.data_dir, load_or_new(settings.data_dir))
    record = left.record
    stack = Stack(settings, record=record, lock=lock, notes=list(left.notes))
    try:
        if left.adopted_server:
            stack.adopted_server = record.temporal_pid
            settings = settings.model_copy(update={"temporal_address": left.adopted_server})
            stack.notes.append(f"Temporal: {left.adopted_server} (база {settings.temporal_db_file})")
        else:
            settings, stack.server = start_server(settings, record, stack.notes)
            if stack.server is not None and stack.server.process is not None:
                pid = stack.server.process.pid
                record = record.with_(temporal_address=settings.temporal_address, temporal_pid=pid)
        if server_only:
            stack.settings, stack.record = settings, record
            write_record(settings.data_dir, record)
            return stack
        settings = choose_mail_ports(settings, stack.notes)
        record = record.with_(smtp_port=settings.smtp_port, intake_port=settings.intake_port)
        stack.settings, stack.record = settings, record
        write_record(settings.data_dir, record)
        stack.worker = start_worker(settings, record)
        stack.record = record = record.with_(worker_pid=stack.worker.pid)
        write_record(settings.data_dir, record)
        stack.notes.append("обработчик: запущен")
        if settings.intake_address:
            stack.intake = start_intake(settings, record.instance)
            stack.notes.append(
                f"приём ответов: {settings.intake_address} → {settings.intake_host}:{settings.intake_port}"
            )
        stack.sink = start_mail_sink(settings, record.instance)
        stack.notes.append(f"почта: {settings.smtp_host}:{settings.smtp_port} → {settings.mail_dir}")
    except BaseException:
        stack.stop()
        raise
    return stack


def _shared(settings: Settings, *, server_only: bool = False) -> Stack:
    """Use what the data dir's owner (another `eci up`) runs; nothing is started, nothing stopped."""
    record = read_record(settings.data_dir)
    owner = record.owner_pid if record else None
    if record is None or not record.temporal_address:
        raise EciError(
            f"каталогом данных {settings.data_dir} занят другой процесс (pid {owner}): дождитесь его "
            "или остановите", EXIT_INFRASTRUCTURE,
        )  # fmt: skip
    port = int(record.temporal_address.rpartition(":")[2])
    if not serves_ours(record.temporal_pid, record.instance, port):
        raise EciError(
            f"`eci up` (pid {owner}) работает с каталогом {settings.data_dir}, но его сервер Temporal "
            "не отвечает: остановите тот процесс и запустите снова", EXIT_INFRASTRUCTURE,
        )  # fmt: skip
    settings = settings.model_copy(update={"temporal_address": record.temporal_address})
    if server_only:
        return Stack(settings, notes=[f"Temporal уже работает на {record.temporal_address}"])
    if not is_ours(record.worker_pid, record.instance):
        raise EciError(
            f"у стека каталога {settings.data_dir} (pid {owner}) нет обработчика: запустите `eci worker`",
            EXIT_INFRASTRUCTURE,
        )
    notes = [f"Temporal: {record.temporal_address} (уже работал)", "обработчик: уже работал"]
    for port_field, host, label in (
        ("intake_port", settings.intake_host, "приём ответов"),
        ("smtp_port", settings.smtp_host, "почтовый приёмник"),
    ):
        recorded = getattr(record, port_field)
        if recorded and greets_as(host, recorded, marker(record.instance)):
            settings = settings.model_copy(update={port_field: recorded})
            notes.append(f"{label} уже работает на {host}:{recorded}")
    return Stack(settings, notes=notes)


_CHOSEN = {
    "temporal_address": "ECI_TEMPORAL_ADDRESS",
    "smtp_port": "ECI_SMTP_PORT",
    "intake_port": "ECI_INTAKE_PORT",
}


@contextlib.contextmanager
def _environment(settings: Settings) -> Iterator[None]:
    """The chosen addresses in this process's environment too, for code that reads the settings anew."""
    saved = {name: os.environ.get(name) for name in _CHOSEN.values()}
    os.environ.update({name: str(getattr(settings, key)) for key, name in _CHOSEN.items()})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def running_stack(settings: Settings, *, server_only: bool = False) -> Iterator[Stack]:
    """Run (or share) the data dir's server, worker, mail sink and intake; stop what was started on exit.

    `server_only`: the dev server alone (`eci server`).
    """
    settings = embedded_settings(settings)
    closed = closed_note(settings, close_data_dir(settings))
    from store.event_store import EventStore

    with EventStore.open(settings.effective_database_url) as store:  # creates or upgrades the schema
        from eci.identity.principal import found_embedded, founding_note

        made = found_embedded(store, settings)  # before the worker, whose key seals what it records
    lock = OwnerLock.take(settings.data_dir)
    if lock is not None:
        stack = _own(settings, lock, server_only=server_only)
    else:
        stack = _shared(settings, server_only=server_only)
    if made is not None:
        stack.notes.insert(0, founding_note(made).rstrip("\n"))
    if closed:
        stack.notes.insert(0, closed)
    try:
        with _environment(stack.settings):
            yield stack
    finally:
        stack.stop()


def _wait_for_interrupt(announce: str | None = None) -> None:
    """Block until SIGINT or SIGTERM; the handlers are in place before `announce` tells anyone to send one."""
    stop = False

    def handler(signum: int, frame: Any) -> None:
        nonlocal stop
        stop = True

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        if announce:
            sys.stdout.write(announce + "\n")
            sys.stdout.flush()
        while not stop:
            time.sleep(0.2)
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def data_path(settings: Settings, name: str) -> Path:
    """A file under the data dir."""
    return settings.data_dir / name


__all__ = ["Stack", "embedded_settings", "running_stack"]
