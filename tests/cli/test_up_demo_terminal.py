"""`eci up --demo` in a real terminal (a pty): the coordinator's matrix opens once the history is in, the
status line counts the live workflows still opening behind it, and quitting early says in one line that
the load resumes next time."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest
from fixtures_temporal import free_port

from eci.demo.journal import read_journal

pytestmark = [pytest.mark.temporal, pytest.mark.slow, pytest.mark.timeout(600)]

ECI = str(Path(sys.executable).parent / "eci")


class Terminal:
    """A command in a pty of 140×40, and everything it has drawn so far."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(ECI, [ECI, *args], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
        self.seen = b""

    def wait_for(self, text: str, timeout: float) -> bool:
        """Read until `text` is on the screen (True), or the time is up or the command ended (False)."""
        wanted = text.encode()
        deadline = time.monotonic() + timeout
        while wanted not in self.seen and time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return False
                if not chunk:
                    return False
                self.seen += chunk
        return wanted in self.seen

    def exit_status(self, timeout: float) -> int | None:
        """The command's exit status once it ended (reading what it still draws), None if it did not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.wait_for("\0", 0.5)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
        return None

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ChildProcessError, ProcessLookupError):
            pass
        os.close(self.fd)


def test_the_terminal_opens_on_the_history_while_the_live_workflows_open_behind_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {
        **os.environ, "ECI_DATA_DIR": str(data), "TERM": "xterm-256color",
        "ECI_TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}", "ECI_SMTP_PORT": str(free_port()),
        "ECI_INTAKE_PORT": str(free_port()),
    }  # fmt: skip
    terminal = Terminal(["up", "--demo"], env)
    try:
        assert terminal.wait_for("· обязательств", 300), "the matrix never showed a cycle"
        journal = read_journal(data)
        assert journal is not None
        assert "history" in journal.done
        assert "year_mail" not in journal.done, "the terminal did not wait for the whole load"
        assert terminal.wait_for("демо 3/8: открытие живых процессов", 60), "no status line"
        os.write(terminal.fd, b"q")
        assert terminal.exit_status(120) == 0
    finally:
        terminal.kill()
    screen = terminal.seen.decode("utf-8", "replace")
    assert "демо загружено не до конца (осталось: открытие живых процессов" in screen
    assert "`make run` или `eci demo` продолжит с того же места" in screen
    assert not (data / "demo.json").exists()
