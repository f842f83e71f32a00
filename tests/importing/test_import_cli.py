"""`eci import` on the command line: a template, a good file, a bad file rejected in one line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_invoke import Outcome, run_eci
from history_files import write_history

Eci = Callable[..., Outcome]

ACCEPTED = {
    "obligation": "2023/05/77",
    "state": "принято",
    "document_kind": "постановление",
    "document_number": "412-п",
    "document_date": "20.11.2023",
    "document_issuer": "Правительство Москвы",
    "submitted_on": "2023-12-01",
    "accepted_on": "2023-12-12",
}


@pytest.fixture
def eci(data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


def test_template_then_import_then_the_same_again(eci: Eci, tmp_path: Path) -> None:
    template = tmp_path / "history.xlsx"
    assert eci("import", "--template", template).code == 0
    assert eci("import", "--template", template).err.startswith("eci: error: ")
    path = write_history(tmp_path / "history.csv", [ACCEPTED])
    first = json.loads(eci("import", path, "--json").out)
    assert (first["obligations_written"], first["events_written"], first["states"]) == (1, 3, {"accepted": 1})
    again = json.loads(eci("import", path, "--json").out)
    assert (again["obligations_written"], again["events_written"]) == (0, 0)


def test_a_bad_file_fails_in_one_line_naming_the_line(eci: Eci, tmp_path: Path) -> None:
    bad = {**ACCEPTED, "obligation": "2023/05/78", "accepted_on": "2023-11-30"}
    path = write_history(tmp_path / "history.csv", [ACCEPTED, bad])
    outcome = eci("import", path)
    assert outcome.code != 0
    assert outcome.err == (
        "eci: error: строка 3: `accepted_on` (30.11.2023) раньше, чем `submitted_on` (01.12.2023)\n"
    )
    assert eci("import", "--check", write_history(tmp_path / "good.csv", [ACCEPTED])).code == 0
    written = json.loads(eci("import", tmp_path / "good.csv", "--json").out)
    assert written["obligations_written"] == 1
