"""A data dir's stack is its own: another program on its ports is not adopted, two data dirs run side by
side on the same configured ports, and a crashed `eci up` leaves only its own leftovers to clean up."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fixtures_temporal import free_port

from config.stack_file import read_record
from domain.obligation.plan import obligations_for_cycle
from eci.runtime.devserver import port_open

pytestmark = [pytest.mark.temporal, pytest.mark.slow]

ECI = str(Path(sys.executable).parent / "eci")
CHOSEN = ("ECI_TEMPORAL_ADDRESS", "ECI_SMTP_PORT", "ECI_INTAKE_PORT")


@contextmanager
def stranger(port: int) -> Iterator[socket.socket]:
    """A plain program listening on `port`: it accepts connections and never says a word."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen()
        yield listener


def stack_env(data_dir: Path, ports: tuple[int, int, int]) -> dict[str, str]:
    """`eci up`'s environment, asking for the given Temporal, SMTP and intake ports."""
    temporal, smtp, intake = ports
    return {
        **os.environ,
        "ECI_DATA_DIR": str(data_dir),
        "ECI_TEMPORAL_ADDRESS": f"127.0.0.1:{temporal}",
        "ECI_SMTP_PORT": str(smtp),
        "ECI_INTAKE_PORT": str(intake),
    }


def command_env(data_dir: Path) -> dict[str, str]:
    """A later command's environment: only the data dir, so the running stack's ports come from it."""
    env = {k: v for k, v in os.environ.items() if k not in CHOSEN}
    env["ECI_DATA_DIR"] = str(data_dir)
    return env


def up(env: dict[str, str]) -> tuple[subprocess.Popen[str], list[str]]:
    """Start `eci up --no-tui` and read its report up to the line saying everything runs."""
    process = subprocess.Popen([ECI, "up", "--no-tui"], env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if "Ctrl-C" in line:
            return process, lines
    raise AssertionError(f"eci up ended early: {lines}")


def stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    assert process.wait(60) == 0


def test_a_stranger_on_the_configured_ports_is_not_adopted(data_dir: Path) -> None:
    ports = (free_port(), free_port(), free_port())
    with stranger(ports[0]), stranger(ports[1]), stranger(ports[2]):
        process, notes = up(stack_env(data_dir, ports))
        try:
            for port in ports:
                assert any(f"порт {port} занят другой программой" in line for line in notes), notes
            assert not any("уже работа" in line for line in notes), notes
            record = read_record(data_dir)
            assert record is not None
            assert record.temporal_address is not None
            assert record.temporal_address != f"127.0.0.1:{ports[0]}"
            assert {record.smtp_port, record.intake_port}.isdisjoint(ports)
            # A command given only the data dir reaches the stack's own server and worker.
            doctor = subprocess.run(
                [ECI, "doctor"], env=command_env(data_dir), capture_output=True, text=True, check=False
            )
            assert f"ok    temporal           {record.temporal_address}" in doctor.stdout, doctor.stdout
            assert "ok    worker" in doctor.stdout, doctor.stdout
            assert f"ok    smtp               127.0.0.1:{record.smtp_port} answers" in doctor.stdout
        finally:
            stop(process)
    assert not port_open("127.0.0.1", int(record.temporal_address.rpartition(":")[2]))


def _open_region(data_dir: Path, region: str) -> None:
    done = subprocess.run(
        [ECI, "cycle", "open", "2027", "--region", region, "--json"],
        env=command_env(data_dir), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def _participants(data_dir: Path, expected: int) -> set[str]:
    """The participants of the data dir's cycle-2027 obligations, once `expected` are recorded."""
    for _ in range(300):
        done = subprocess.run(
            [ECI, "status", "--cycle", "2027", "--json"],
            env=command_env(data_dir), capture_output=True, text=True, check=True,
        )  # fmt: skip
        rows = json.loads(done.stdout)
        if len(rows) >= expected:
            return {row["participant"] for row in rows}
        time.sleep(0.2)
    raise AssertionError(f"{data_dir}: the obligations were never recorded")


def test_two_data_dirs_run_side_by_side_and_each_sees_only_its_own_obligations(tmp_path: Path) -> None:
    ports = (free_port(), free_port(), free_port())
    first_dir, second_dir = tmp_path / "first", tmp_path / "second"
    first, _ = up(stack_env(first_dir, ports))
    try:
        second, notes = up(stack_env(second_dir, ports))
        try:
            assert any(f"порт {ports[0]} занят другой программой" in line for line in notes), notes
            first_record, second_record = read_record(first_dir), read_record(second_dir)
            assert first_record is not None
            assert second_record is not None
            assert first_record.instance != second_record.instance
            assert first_record.temporal_address != second_record.temporal_address
            _open_region(first_dir, "77")
            _open_region(second_dir, "12")
            expected_77 = len(obligations_for_cycle(2027, participant="77"))
            expected_12 = len(obligations_for_cycle(2027, participant="12"))
            assert _participants(first_dir, expected_77) == {"77"}
            assert _participants(second_dir, expected_12) == {"12"}
        finally:
            stop(second)
        assert port_open("127.0.0.1", ports[0]), "stopping the second stack leaves the first one's server"
    finally:
        stop(first)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().split()[2] if Path(f"/proc/{pid}/stat").exists() else "X"
    return state != "Z"


def test_after_a_crash_eci_up_adopts_its_own_server_and_replaces_its_own_worker(data_dir: Path) -> None:
    env = stack_env(data_dir, (free_port(), free_port(), free_port()))
    crashed, _ = up(env)
    record = read_record(data_dir)
    assert record is not None
    assert record.temporal_pid
    assert record.worker_pid
    crashed.kill()  # no chance to stop anything
    crashed.wait()
    assert _alive(record.temporal_pid)
    assert _alive(record.worker_pid)
    again, notes = up(env)
    try:
        assert any(f"(pid {record.temporal_pid}) подхвачен" in line for line in notes), notes
        assert any(f"остановлен обработчик прерванного запуска (pid {record.worker_pid})" in n for n in notes)
        assert not _alive(record.worker_pid)
        now = read_record(data_dir)
        assert now is not None
        assert now.temporal_pid == record.temporal_pid
        assert now.worker_pid not in (None, record.worker_pid)
    finally:
        stop(again)
    assert not _alive(record.temporal_pid), "the adopted server is stopped with the stack"
