"""The data dir's stack record: later commands reach the ports a running stack chose, a process not
ours is never signalled, and a command that needs the store writes nothing where there is none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import load_settings
from config.stack_file import StackRecord, read_record, write_record
from eci.runtime.ownership import clean_leftovers

ECI = str(Path(sys.executable).parent / "eci")


def test_commands_reach_the_ports_the_running_stack_chose(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ECI_TEMPORAL_ADDRESS", "ECI_SMTP_PORT", "ECI_INTAKE_PORT"):
        monkeypatch.delenv(name, raising=False)
    running = StackRecord("abc", owner_pid=os.getpid(), temporal_address="127.0.0.1:41234", smtp_port=41235)
    write_record(data_dir, running)
    settings = load_settings()
    assert (settings.temporal_address, settings.smtp_port) == ("127.0.0.1:41234", 41235)
    monkeypatch.setenv("ECI_SMTP_PORT", "2525")
    assert load_settings().smtp_port == 2525, "a variable the user set wins"


def test_a_stopped_stack_leaves_the_defaults(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ECI_TEMPORAL_ADDRESS", raising=False)
    write_record(data_dir, StackRecord("abc", owner_pid=None, temporal_address="127.0.0.1:41234"))
    assert load_settings().temporal_address == "127.0.0.1:7233"


def test_leftovers_not_ours_are_forgotten_and_never_signalled(data_dir: Path) -> None:
    # A recorded pid now belongs to an unrelated program (the pid was reused after a crash).
    unrelated = subprocess.Popen(["sleep", "60"])
    try:
        record = StackRecord(
            "ours", owner_pid=999_999, temporal_address="127.0.0.1:41234",
            temporal_pid=unrelated.pid, worker_pid=unrelated.pid,
        )  # fmt: skip
        (data_dir / "temporal.pid").write_text(str(unrelated.pid))
        left = clean_leftovers(data_dir, record)
        assert unrelated.poll() is None, "a process without our instance id is left alone"
        assert left.adopted_server is None
        assert (left.record.temporal_pid, left.record.worker_pid) == (None, None)
        assert not (data_dir / "temporal.pid").exists()
        assert read_record(data_dir) == left.record
    finally:
        unrelated.kill()
        unrelated.wait()


def test_a_malformed_record_is_not_read(data_dir: Path) -> None:
    (data_dir / "stack.json").write_text('{"instance": 5, "temporal_pid": "x"}')
    assert read_record(data_dir) is None
    (data_dir / "stack.json").write_text("{" + " " * 10_000 + "}")
    assert read_record(data_dir) is None


@pytest.mark.parametrize("command", [["status"], ["audit", "verify"], ["users", "whoami"], ["mail", "list"]])
def test_a_command_finding_no_store_says_so_and_writes_nothing(tmp_path: Path, command: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECI_")}
    env["ECI_KEY_DIR"] = str(tmp_path / "keys")
    done = subprocess.run([ECI, *command], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"eci: error: журнала событий нет в {tmp_path / '.eci'} (ECI_DATA_DIR)")
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "nothing written: no .eci, no key"


def test_commands_that_need_no_store_still_run_without_one(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECI_")}
    done = subprocess.run(
        [ECI, "plan", "show", "24"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / ".eci").exists()


def test_a_reading_command_in_a_data_dir_without_a_store_creates_none(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECI_")}
    env |= {"ECI_DATA_DIR": str(data), "ECI_KEY_DIR": str(tmp_path / "keys")}
    done = subprocess.run([ECI, "status"], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 3
    assert f"журнала событий нет в {data} (ECI_DATA_DIR)" in done.stderr
    assert list(data.iterdir()) == []


def test_a_recording_command_in_a_data_dir_the_user_made_creates_the_store_there(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "participant,role,full_name,email\n77,responsible,Иванова Мария Петровна,ivanova@mos.example\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECI_")}
    env |= {"ECI_DATA_DIR": str(data), "ECI_KEY_DIR": str(tmp_path / "keys")}
    done = subprocess.run(
        [ECI, "contacts", "import", str(contacts)], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert (data / "events.sqlite3").exists()
