"""`eci contacts import|list`: a file replaces the contacts as a whole, or changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_invoke import Outcome, run_eci

Eci = Callable[..., Outcome]

GOOD = (
    "participant;role;full_name;email\n"
    "77;responsible;Иванов Иван Иванович;ivanov@mos.ru\n"
    "Минтруд России;coordinator;Петров П. П.;petrov@mintrud.gov.ru\n"
)


@pytest.fixture
def eci(data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


def _csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_then_list_as_json(eci: Eci, tmp_path: Path) -> None:
    imported = eci("contacts", "import", _csv(tmp_path, "contacts.csv", GOOD))
    assert (imported.code, imported.out) == (0, "Импортировано контактов: 2 (участников: 2)\n")
    listed = eci("contacts", "list", "--json")
    assert json.loads(listed.out) == [
        {
            "participant": "77",
            "role": "responsible",
            "full_name": "Иванов Иван Иванович",
            "email": "ivanov@mos.ru",
        },
        {
            "participant": "Минтруд России",
            "role": "coordinator",
            "full_name": "Петров П. П.",
            "email": "petrov@mintrud.gov.ru",
        },
    ]


def test_list_prints_a_russian_table(eci: Eci, tmp_path: Path) -> None:
    eci("contacts", "import", _csv(tmp_path, "contacts.csv", GOOD))
    out = eci("contacts", "list").out
    assert out.splitlines()[0].split() == ["Участник", "Роль", "ФИО", "Эл.", "почта"]
    assert "ответственный" in out


def test_a_new_import_replaces_the_previous_contacts(eci: Eci, tmp_path: Path) -> None:
    eci("contacts", "import", _csv(tmp_path, "a.csv", GOOD))
    eci(
        "contacts",
        "import",
        _csv(tmp_path, "b.csv", "participant,role,full_name,email\n05,deputy,Алиев,a@e-dag.ru\n"),
    )
    assert [c["participant"] for c in json.loads(eci("contacts", "list", "--json").out)] == ["05"]


def test_a_bad_row_rejects_the_file_and_changes_nothing(eci: Eci, tmp_path: Path) -> None:
    eci("contacts", "import", _csv(tmp_path, "contacts.csv", GOOD))
    bad = _csv(
        tmp_path, "new.csv", GOOD.replace("petrov@mintrud.gov.ru", "x") + "78;deputy;Смирнова;s@spb.ru\n"
    )
    result = eci("contacts", "import", bad)
    assert result.code == 2
    assert result.out == ""
    assert result.err == f"eci: error: {bad}, строка 3: неверный адрес электронной почты «x»\n"
    assert len(json.loads(eci("contacts", "list", "--json").out)) == 2


def test_a_missing_file_is_one_error_line(eci: Eci, tmp_path: Path) -> None:
    result = eci("contacts", "import", tmp_path / "absent.csv")
    assert result.code == 2
    assert result.err == f"eci: error: {tmp_path / 'absent.csv'}: файла нет\n"


def test_list_before_any_import_is_empty(eci: Eci) -> None:
    assert json.loads(eci("contacts", "list", "--json").out) == []


def test_list_one_participant(eci: Eci, tmp_path: Path) -> None:
    eci("contacts", "import", _csv(tmp_path, "contacts.csv", GOOD))
    listed = json.loads(eci("contacts", "list", "--participant", "Минтруд России", "--json").out)
    assert [c["email"] for c in listed] == ["petrov@mintrud.gov.ru"]
    unknown = eci("contacts", "list", "--participant", "00")
    assert unknown.err.startswith("eci: error: неизвестный субъект «00»")
