"""`eci up`: the dev server, a worker, the mail sink and the TUI together; what already runs is reused.

The server and the worker run as child processes in their own sessions, so Ctrl-C reaches only this
process, which then stops them in order (worker first, so it shuts down while the server still answers).
"""

from __future__ import annotations

import asyncio
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
from eci.data_dir import close_data_dir, closed_note
from eci.errors import EciError
from eci.runtime.devserver import DevServer, ensure_dev_server, pid_alive, venv_binary
from eci.runtime.temporal_client import connect, require_worker

WORKER_READY_S = 60.0  # a loaded machine can take long to import and connect


@dataclass
class Stack:
    """What `eci up` started (to stop on exit) and what it reused (left running)."""

    server: DevServer | None = None
    worker: subprocess.Popen[bytes] | None = None
    sink: Any = None
    intake: Any = None
    worker_pidfile: Path = Path("worker.pid")
    notes: list[str] = field(default_factory=list)

    def stop(self) -> None:
        """Stop what this process started, in reverse order; a second Ctrl-C cannot cut this short."""
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            if self.sink is not None:
                with contextlib.suppress(Exception):
                    self.sink.stop()
            if self.intake is not None:
                with contextlib.suppress(Exception):
                    self.intake.stop()
            if self.worker is not None:
                _terminate(self.worker, 15)
                self.worker_pidfile.unlink(missing_ok=True)
            if self.server is not None:
                self.server.stop()
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


def _worker_ready(settings: Settings) -> bool:
    async def check() -> bool:
        try:
            await require_worker(await connect(settings, connect_seconds=2.0), settings)
        except EciError:
            return False
        return True

    return asyncio.run(check())


def start_worker_process(settings: Settings) -> subprocess.Popen[bytes] | None:
    """Start `eci worker` unless one already polls the task queue; wait until it polls."""
    pidfile = settings.data_dir / "worker.pid"
    if _worker_ready(settings):
        return None
    log = open(settings.data_dir / "worker.log", "ab")  # noqa: SIM115 - the child writes to it
    env = dict(
        os.environ, ECI_TEMPORAL_ADDRESS=settings.temporal_address, ECI_DATA_DIR=str(settings.data_dir)
    )
    if settings.intake_address:
        env["ECI_INTAKE_ADDRESS"] = settings.intake_address
    process = subprocess.Popen(
        [str(venv_binary("eci")), "worker"], stdout=log, stderr=log, stdin=subprocess.DEVNULL, env=env,
        start_new_session=True,
    )  # fmt: skip
    log.close()
    pidfile.write_text(str(process.pid))
    deadline = time.monotonic() + WORKER_READY_S
    while not _worker_ready(settings):
        if process.poll() is not None:
            raise EciError(
                f"the worker exited with status {process.returncode}; see {settings.data_dir}/worker.log"
            )
        if time.monotonic() > deadline:
            process.kill()
            raise EciError("the worker did not start polling in time")
        time.sleep(0.2)
    return process


def _start_sink(settings: Settings, stack: Stack) -> None:
    start_sink = _optional("notifications.sink", "start_sink")
    port_in_use = _optional("notifications.sink", "port_in_use")
    if start_sink is None:
        return
    if port_in_use is not None and port_in_use(settings.smtp_host, settings.smtp_port):
        stack.notes.append(f"почтовый приёмник уже работает на {settings.smtp_host}:{settings.smtp_port}")
        return
    stack.sink = start_sink(settings)
    stack.notes.append(f"почта: {settings.smtp_host}:{settings.smtp_port} → {settings.mail_dir}")


EMBEDDED_INTAKE_LOCAL = "sdacha"


def embedded_settings(settings: Settings) -> Settings:
    """The embedded stack's settings: with no intake address set, replies go to `sdacha@<mail domain>`."""
    if settings.intake_address:
        return settings
    domain = settings.mail_from.rpartition("@")[2].strip(" >") or "eci.local"
    return settings.model_copy(update={"intake_address": f"{EMBEDDED_INTAKE_LOCAL}@{domain}"})


def _start_intake(settings: Settings, stack: Stack) -> None:
    start = _optional("eci.intake.server", "start_intake_thread")
    port_in_use = _optional("notifications.sink", "port_in_use")
    if start is None or not settings.intake_address:
        return
    if port_in_use is not None and port_in_use(settings.intake_host, settings.intake_port):
        stack.notes.append(f"приём ответов уже работает на {settings.intake_host}:{settings.intake_port}")
        return
    stack.intake = start(settings)
    stack.notes.append(
        f"приём ответов: {settings.intake_address} → {settings.intake_host}:{settings.intake_port}"
    )


@contextlib.contextmanager
def running_stack(settings: Settings) -> Iterator[Stack]:
    """Start (or reuse) the server, worker, mail sink and intake; stop what was started on exit."""
    settings = embedded_settings(settings)
    closed = closed_note(settings, close_data_dir(settings))
    from store.event_store import EventStore

    EventStore.open(settings.effective_database_url).close()  # creates or upgrades the schema
    stack = Stack(notes=[closed] if closed else [])
    try:
        server = ensure_dev_server(settings)
        stack.server = server
        reused = "уже работал" if server.process is None else f"база {settings.temporal_db_file}"
        stack.notes.append(f"Temporal: {server.address} ({reused})")
        stack.worker_pidfile = settings.data_dir / "worker.pid"
        stack.worker = start_worker_process(settings)
        stack.notes.append("обработчик: " + ("запущен" if stack.worker else "уже работал"))
        _start_intake(settings, stack)
        _start_sink(settings, stack)
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


def up(settings: Settings, *, demo: bool = False, tui: bool = True) -> None:
    """Run the whole tracker until Ctrl-C (or until the TUI is closed)."""
    settings = embedded_settings(settings)
    with running_stack(settings) as stack:
        for note in stack.notes:
            sys.stdout.write(note + "\n")
        if demo:
            populate = _optional("eci.demo.loader", "populate")
            if populate is None:
                sys.stdout.write("демо-данные недоступны в этой сборке\n")
            else:
                populate(settings)
        run_tui = _optional("eci.tui_wiring", "run_tui") if tui and sys.stdout.isatty() else None
        if run_tui is not None:
            run_tui(settings)
            return
        _wait_for_interrupt("Всё запущено. Ctrl-C — остановить.")


def data_path(settings: Settings, name: str) -> Path:
    """A file under the data dir."""
    return settings.data_dir / name


__all__ = ["Stack", "pid_alive", "running_stack", "start_worker_process", "up"]
