"""Smoke test: `eci tui` in a real terminal (tmux), read back with capture-pane."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
ECI = Path(sys.executable).with_name("eci")

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)")


def capture(session: str) -> str:
    return subprocess.run([TMUX, "capture-pane", "-p", "-t", session], capture_output=True, text=True,
                          check=True).stdout


def wait_for(session: str, text: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear; the screen was:\n{screen}")


@pytest.fixture
def tmux_session(sample_db: Path, tmp_path: Path) -> Iterator[str]:
    """`eci tui` running in an 80×24 tmux session over a copy of the sample store."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(sample_db, data / "events.sqlite3")
    session = f"eci-tui-{uuid.uuid4().hex[:8]}"
    env = {"ECI_DATA_DIR": str(data), "ECI_TEMPORAL_ADDRESS": "127.0.0.1:1", "TERM": "xterm-256color"}
    command = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command += f" {shlex.quote(str(ECI))} tui --cycle 2023; echo ECI-EXITED-$?; sleep 30"
    subprocess.run([TMUX, "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command],
                   check=True, env={**os.environ, "TMUX": ""})
    try:
        yield session
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], check=False, capture_output=True)


def keys(session: str, *names: str) -> None:
    subprocess.run([TMUX, "send-keys", "-t", session, *names], check=True)


def test_eci_tui_paints_the_matrix_opens_the_queue_and_quits(tmux_session: str) -> None:
    wait_for(tmux_session, "Цикл 2023")
    screen = wait_for(tmux_session, "ЦФО (18)")  # the rows paint just after the header
    assert "Поиск" in screen  # the footer
    keys(tmux_session, "r")
    wait_for(tmux_session, "Очередь проверки")
    keys(tmux_session, "q")
    wait_for(tmux_session, "Цикл 2023")
    keys(tmux_session, "q")
    wait_for(tmux_session, "ECI-EXITED-0")
