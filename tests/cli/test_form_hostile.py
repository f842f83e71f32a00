"""`eci form check|submit` against hostile files: YAML anchors and aliases (a «billion laughs» file of a
few hundred bytes) and nesting past the limit are refused before anything is built; a workbook with
macros is refused for them, and a formula in an answer cell is refused naming the item and the cell."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from cli_invoke import run_eci
from report_form_workbook_fill import fill_like_a_person

from domain.report_form.forms import report_form_for
from domain.report_form.sheet_layout import build_layout

LAUGHS = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)
]


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


def test_a_billion_laughs_answer_file_is_refused_at_once(eci, tmp_path: Path, every_role) -> None:
    path = tmp_path / "77.yaml"
    path.write_text("cycle: 2023\nregion: '77'\n" + "\n".join(LAUGHS) + "\nanswers: *a9\n", encoding="utf-8")
    for command in (("form", "check", path), ("form", "submit", path, "--as", "region:77")):
        result = eci(*command)
        assert result.code == 2
        assert "ссылки на списки и разделы (знаки & и *)" in result.err
        assert result.err.count("\n") == 1


def test_answers_nested_past_the_limit_are_refused(eci, tmp_path: Path, monkeypatch) -> None:
    nested = "x"
    for _ in range(12):
        nested = f"[{nested}]"
    path = tmp_path / "77.yaml"
    path.write_text(f"cycle: 2023\nregion: '77'\nanswers:\n  '1.1': {nested}\n", encoding="utf-8")
    result = eci("form", "check", path)
    assert result.code == 2
    assert "вложены глубже 8 уровней" in result.err
    monkeypatch.setenv("ECI_FORM_MAX_DEPTH", "20")
    assert "вложены глубже" not in eci("form", "check", path).err, "the limit is the setting's"


def _workbook(eci, tmp_path: Path) -> Path:
    path = tmp_path / "77.xlsx"
    made = eci("form", "template", "--cycle", "2023", "--region", "77", "--format", "xlsx", "--out", path)
    assert made.code == 0
    fill_like_a_person(path, 2023, "77")
    return path


def test_a_formula_in_an_answer_cell_is_refused_naming_the_cell(eci, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = _workbook(eci, tmp_path)
    cell = next(c for c in build_layout(report_form_for(2023), "77").answers if c.type.value == "integer")
    book = load_workbook(path)
    book[cell.at.sheet][cell.at.ref] = "=2+2"
    book.save(path)
    result = eci("form", "check", path)
    assert result.code == 2
    assert f"{cell.number} ({cell.at}): в ячейке ответа формула" in result.err


def test_a_workbook_with_macros_is_refused_for_them(eci, tmp_path: Path) -> None:
    path = _workbook(eci, tmp_path)
    buffer = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    path.write_bytes(buffer.getvalue())
    result = eci("form", "check", path)
    assert result.code == 2
    assert "книга содержит макросы (vbaProject.bin)" in result.err
