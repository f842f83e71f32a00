"""Starting the parts of a data dir's stack as its owner: the dev server, the worker, the intake, the sink.

Each part is marked with the data dir's instance id (in its environment or its greeting) and entered in
the record as soon as it runs, so that a crash at any point leaves a record naming exactly what is ours.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import subprocess
import time
from typing import Any

from config.settings import Settings
from config.stack_file import StackRecord, write_record
from eci.data_dir import close_files
from eci.errors import EciError
from eci.runtime.devserver import DevServer, split_address, start_dev_server, venv_binary
from eci.runtime.ownership import choose_port, is_loopback
from eci.runtime.processes import INSTANCE_VARIABLE
from eci.runtime.temporal_client import connect, poller_identities

WORKER_READY_S = 60.0  # a loaded machine can take long to import and connect


def marker(instance: str) -> str:
    """The word our SMTP listeners put in their greeting: `220 host eci <instance>`."""
    return instance


def ident(instance: str) -> str:
    """The greeting text after the host name."""
    return f"eci {marker(instance)}"


def choose_mail_ports(settings: Settings, notes: list[str]) -> Settings:
    """The sink's and the intake's ports: the configured ones when free, else free ones (said in notes)."""
    update: dict[str, Any] = {}
    if is_loopback(settings.smtp_host):
        sink = choose_port(settings.smtp_host, settings.smtp_port, "почтовый приёмник")
        update["smtp_port"] = sink.port
        notes.extend([sink.note] if sink.note else [])
    if settings.intake_address and is_loopback(settings.intake_host):
        intake = choose_port(settings.intake_host, settings.intake_port, "приём ответов")
        if intake.port == update.get("smtp_port"):  # both asked for the same taken port
            intake = choose_port(settings.intake_host, intake.port, "приём ответов")
        update["intake_port"] = intake.port
        notes.extend([intake.note] if intake.note else [])
    return settings.model_copy(update=update)


def start_server(
    settings: Settings, record: StackRecord, notes: list[str]
) -> tuple[Settings, DevServer | None]:
    """Start the dev server under the data dir on the configured port (or a free one); an address that
    is not this machine's is someone's cluster, used as it is."""
    host, port = split_address(settings.temporal_address)
    if not is_loopback(host):
        notes.append(f"Temporal: {settings.temporal_address} (внешний сервер)")
        return settings, None
    choice = choose_port(host, port, "Temporal")
    notes.extend([choice.note] if choice.note else [])
    server = start_dev_server(
        settings.temporal_db_file,
        host,
        choice.port,
        pidfile=settings.data_dir / "temporal.pid",
        log_file=settings.data_dir / "temporal.log",
        env={INSTANCE_VARIABLE: record.instance},
    )
    database = settings.temporal_db_file
    # Temporal makes its files 0644 less the umask: give them the data dir's mode and group.
    close_files(settings, [database, *(database.with_name(database.name + end) for end in ("-wal", "-shm"))])
    notes.append(f"Temporal: {server.address} (база {settings.temporal_db_file})")
    return settings.model_copy(update={"temporal_address": server.address}), server


def worker_environment(settings: Settings, instance: str) -> dict[str, str]:
    """The worker's environment: this stack's addresses and the instance id that marks it as ours."""
    env = dict(
        os.environ,
        ECI_TEMPORAL_ADDRESS=settings.temporal_address,
        ECI_DATA_DIR=str(settings.data_dir),
        ECI_SMTP_PORT=str(settings.smtp_port),
        ECI_INTAKE_PORT=str(settings.intake_port),
    )
    env[INSTANCE_VARIABLE] = instance
    if settings.intake_address:
        env["ECI_INTAKE_ADDRESS"] = settings.intake_address
    return env


async def _wait_polling(settings: Settings, process: subprocess.Popen[bytes]) -> None:
    """Until the worker `process` itself polls the task queue (not a poller a killed worker left listed)."""
    client = await connect(settings)
    identity = f"{process.pid}@"
    deadline = time.monotonic() + WORKER_READY_S
    while True:
        if any(found.startswith(identity) for found in await poller_identities(client, settings)):
            return
        if process.poll() is not None:
            raise EciError(
                f"обработчик завершился с кодом {process.returncode}; см. {settings.data_dir}/worker.log", 3
            )
        if time.monotonic() > deadline:
            process.kill()
            raise EciError(f"обработчик не начал работу вовремя; см. {settings.data_dir}/worker.log", 3)
        await asyncio.sleep(0.2)


def start_worker(settings: Settings, record: StackRecord) -> subprocess.Popen[bytes]:
    """Start `eci worker` for this stack and wait until it polls."""
    with open(settings.data_dir / "worker.log", "ab") as log:
        process = subprocess.Popen(
            [str(venv_binary("eci")), "worker"], stdout=log, stderr=log, stdin=subprocess.DEVNULL,
            env=worker_environment(settings, record.instance), start_new_session=True,
        )  # fmt: skip
    (settings.data_dir / "worker.pid").write_text(str(process.pid))
    write_record(settings.data_dir, record.with_(worker_pid=process.pid))
    try:
        asyncio.run(_wait_polling(settings, process))
    except BaseException:
        if process.poll() is None:
            process.kill()
            process.wait()
        raise
    return process


def start_intake(settings: Settings, instance: str) -> Any:
    """The intake's listener, greeting with our instance id."""
    # Looked up by name: the intake itself uses this package (its client, its errors).
    start_intake_thread = importlib.import_module("eci.intake.server").start_intake_thread
    return start_intake_thread(settings, ident=ident(instance))


def start_mail_sink(settings: Settings, instance: str) -> Any:
    """The local sink, greeting with our instance id."""
    from notifications.sink import start_sink

    return start_sink(settings, ident=ident(instance))
