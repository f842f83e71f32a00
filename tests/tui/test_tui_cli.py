"""`eci tui` refuses what it cannot do in one line: no terminal, an event store that cannot be opened."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import Settings
from eci.errors import EciError
from eci.tui_wiring import create_app

ECI = Path(sys.executable).with_name("eci")


def test_eci_tui_without_a_terminal_says_so(data_dir: Path) -> None:
    done = subprocess.run([str(ECI), "tui"], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "eci: error: `eci tui` работает только в терминале (stdin и stdout должны быть TTY)"
    )


def test_a_cycle_outside_the_plan_is_refused_before_the_terminal_opens(data_dir: Path) -> None:
    done = subprocess.run([str(ECI), "tui", "--cycle", "1999"], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == "eci: error: отчётный год 1999 вне Плана: годы с 2023 по 2030"


def test_an_unreachable_event_store_is_one_error(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(EciError, match="не удаётся открыть журнал событий"):
        create_app(settings)
