"""A database URL that is no URL or names no server, an unreachable PostgreSQL, an unreachable Temporal,
a broken setting and a defect each print one line `eci: error: …` naming what failed and where, never a
traceback and never a password; `eci --debug` prints the traceback before that line."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_invoke import Outcome, run_eci
from fixtures_temporal import free_port

Eci = Callable[..., Outcome]
ECI = str(Path(sys.executable).parent / "eci")
URL_HINT = "ожидается postgresql+psycopg://ПОЛЬЗОВАТЕЛЬ:ПАРОЛЬ@ХОСТ:ПОРТ/БАЗА или sqlite:///ПУТЬ"


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


def one_line(outcome: Outcome) -> str:
    assert outcome.out == ""
    assert outcome.err.count("\n") == 1, outcome.err
    assert "Traceback" not in outcome.err
    return outcome.err


def test_a_database_url_that_is_no_url_is_one_line(eci: Eci, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECI_DATABASE_URL", "garbage")
    outcome = eci("status")
    assert outcome.code == 3
    assert one_line(outcome) == f"eci: error: ECI_DATABASE_URL не адрес базы данных: 'garbage' ({URL_HINT})\n"


def test_a_database_url_naming_an_unknown_driver_is_one_line(
    eci: Eci, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECI_DATABASE_URL", "mongodb://eci:secret@db.example/eci")
    outcome = eci("users", "list")
    assert outcome.code == 3
    assert one_line(outcome) == (
        f"eci: error: ECI_DATABASE_URL: неизвестный драйвер базы данных 'mongodb' ({URL_HINT})\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("db", "init"),
        ("audit", "verify"),
        ("users", "add", "petrova", "--name", "П", "--role", "auditor"),
    ],
)
def test_an_unreachable_postgresql_is_one_line_naming_it_without_the_password(
    eci: Eci, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    port = free_port()
    monkeypatch.setenv("ECI_DATABASE_URL", f"postgresql+psycopg://eci:s3cret@127.0.0.1:{port}/eci")
    outcome = eci(*args)
    assert outcome.code == 3
    assert one_line(outcome) == (
        f"eci: error: база событий PostgreSQL postgresql+psycopg://eci:***@127.0.0.1:{port}/eci недоступна: "
        "соединение отвергнуто (сервер не запущен или слушает другой порт)\n"
    )


def test_an_unreachable_temporal_is_one_line_naming_its_address(
    eci: Eci, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = f"127.0.0.1:{free_port()}"
    monkeypatch.setenv("ECI_TEMPORAL_ADDRESS", address)
    outcome = eci("cycle", "open", "2027")
    assert outcome.code == 3
    assert one_line(outcome) == (
        f"eci: error: нет сервера Temporal по адресу {address}: запустите `eci up` (или `eci server`) "
        "или укажите работающий в ECI_TEMPORAL_ADDRESS\n"
    )


def test_a_broken_setting_is_one_line_naming_the_variable(eci: Eci, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECI_SMTP_PORT", "двадцать пять")
    outcome = eci("status")
    assert outcome.code == 2
    assert one_line(outcome).startswith("eci: error: настройка ECI_SMTP_PORT='двадцать пять': ")


def test_an_unknown_data_group_is_one_line(eci: Eci, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECI_DATA_GROUP", "no-such-group-here")
    outcome = eci("status")
    assert outcome.code == 2
    assert (
        one_line(outcome)
        == "eci: error: ECI_DATA_GROUP=no-such-group-here: такой группы нет на этом сервере\n"
    )


def test_a_defect_is_one_line_saying_how_to_see_more(eci: Eci, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("что-то сломалось\nвторая строка")

    monkeypatch.setattr("eci.status_listing.list_obligations", broken)
    outcome = eci("status")
    assert outcome.code == 1
    assert one_line(outcome) == (
        "eci: error: непредвиденная ошибка RuntimeError: что-то сломалось (подробности: eci --debug …)\n"
    )
    debugged = eci("--debug", "status")
    assert debugged.code == 1
    assert debugged.err.startswith("Traceback (most recent call last):\n")
    assert 'raise RuntimeError("что-то сломалось' in debugged.err
    assert debugged.err.endswith(outcome.err)


def test_debug_shows_the_traceback_before_the_same_line(data_dir: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "ECI_DATA_DIR": str(data_dir), "ECI_DATABASE_URL": "garbage"}
    plain = subprocess.run([ECI, "status"], env=env, capture_output=True, text=True, timeout=60, check=False)
    debugged = subprocess.run(
        [ECI, "--debug", "status"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert (plain.returncode, debugged.returncode) == (3, 3)
    assert plain.stderr.count("\n") == 1
    assert debugged.stderr.startswith("Traceback (most recent call last):\n")
    assert "sqlalchemy.exc.ArgumentError" in debugged.stderr
    assert debugged.stderr.endswith(plain.stderr)
