"""A command that talked to Temporal exits with its own status, never with a crash while Python shuts down."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import temporalio.bridge.temporal_sdk_bridge  # noqa: F401  - loaded, as after any Temporal connection
from cli_invoke import run_eci

ECI = str(Path(sys.executable).parent / "eci")


def test_an_action_that_connected_to_temporal_exits_with_its_status_every_time(temporal_env: str) -> None:
    # Without the hard exit this aborted (SIGABRT) in about three runs of four, after the error line.
    for _ in range(4):
        done = subprocess.run(
            [ECI, "waive", "2025/05/77", "--reason", "не применяется"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 3, done.stderr
        assert done.stderr.startswith("eci: error: очередь задач")
        assert "не опрашивает ни один обработчик" in done.stderr
        assert "Fatal Python error" not in done.stderr


@pytest.mark.parametrize(("args", "status"), [(["plan", "show", "1"], 0), (["plan", "show", "99"], 2)])
def test_once_temporal_is_loaded_run_flushes_and_exits_without_finalizing(
    args: list[str], status: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    exits: list[int] = []
    result = run_eci(args, capsys, monkeypatch, hard_exits=exits)
    assert exits == [status]
    assert result.code == status
    assert ("Мероприятие 1" in result.out) if status == 0 else result.err.startswith("eci: error:")
