"""`eci up`: starts the dev server, a worker and the mail sink; a second `eci up` reuses them; Ctrl-C
stops what each one started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures_temporal import free_port

from eci.runtime.devserver import pid_alive, port_open

pytestmark = [pytest.mark.temporal, pytest.mark.slow]

EC = str(Path(sys.executable).parent / "eci")


def up(env: dict[str, str]) -> tuple[subprocess.Popen[str], list[str]]:
    """Start `eci up --no-tui` and read its report up to the line saying everything runs."""
    process = subprocess.Popen([EC, "up", "--no-tui"], env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if "Ctrl-C" in line:
            return process, lines
    raise AssertionError(f"eci up ended early: {lines}")


def test_a_second_up_reuses_what_runs_and_ctrl_c_stops_what_each_started(data_dir: Path) -> None:
    temporal_port, smtp_port = free_port(), free_port()
    env = {
        **os.environ,
        "ECI_DATA_DIR": str(data_dir),
        "ECI_TEMPORAL_ADDRESS": f"127.0.0.1:{temporal_port}",
        "ECI_SMTP_PORT": str(smtp_port),
        "ECI_TEMPORAL_TASK_QUEUE": "stack-test",
    }
    first, started = up(env)
    try:
        assert "обработчик: запущен" in started
        assert (data_dir / "temporal.sqlite3").exists()
        worker_pid = pid_alive(data_dir / "worker.pid")
        assert worker_pid is not None

        second, reused = up(env)
        assert any("Temporal" in line and "уже работал" in line for line in reused)
        assert "обработчик: уже работал" in reused
        second.send_signal(signal.SIGINT)
        assert second.wait(30) == 0
        assert port_open("127.0.0.1", temporal_port), "the second `eci up` leaves the first one's server"
    finally:
        first.send_signal(signal.SIGINT)
        assert first.wait(60) == 0
    assert not port_open("127.0.0.1", temporal_port)
    assert not port_open("127.0.0.1", smtp_port)
    with pytest.raises(ProcessLookupError):
        os.kill(worker_pid, 0)
