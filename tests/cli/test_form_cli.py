"""`eci form template|check`: the answer file round trip and one-line errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from cli_invoke import Outcome, run_eci
from report_form_samples import filled_answers

from domain.report_form.forms import FORM_2023
from eci.errors import EciError
from eci.form.files import load_answers

Eci = Callable[..., Outcome]


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


def _write(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_template_prints_every_item_with_its_question(eci: Eci) -> None:
    result = eci("form", "template", "--cycle", "2023", "--region", "77")
    assert result.code == 0
    data = yaml.safe_load(result.out)
    assert (data["cycle"], data["region"]) == (2023, "77")
    assert list(data["answers"]) == list(FORM_2023.answer_keys)
    assert "# 7.2 Источники финансирования — Укажите источники финансирования" in result.out
    assert "Отчётный год: 2023" in result.out


def test_an_unfilled_template_fails_the_check_naming_items(eci: Eci, tmp_path: Path) -> None:
    template = eci("form", "template", "--cycle", "2023", "--region", "77").out
    path = tmp_path / "answers.yaml"
    path.write_text(template, encoding="utf-8")
    result = eci("form", "check", path)
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == "1.1: не заполнено"
    assert all(line.split(":")[0] in FORM_2023.answer_keys for line in lines)


def test_a_complete_file_checks_ok_in_one_line(eci: Eci, tmp_path: Path) -> None:
    result = eci("form", "check", _write(tmp_path / "77.yaml", filled_answers()))
    assert result.code == 0
    assert result.out.startswith("Проверено: 77.yaml: форма за 2023 год, субъект 77")
    assert len(result.out.splitlines()) == 1


def test_a_wrong_type_is_one_line_naming_the_item(eci: Eci, tmp_path: Path) -> None:
    data = filled_answers()
    data["answers"]["7.1-7.3"][0]["7.3"] = "дорого"
    del data["answers"]["29.2"]
    result = eci("form", "check", _write(tmp_path / "a.yaml", data))
    assert result.code == 1
    assert result.out.splitlines() == [
        "7.3: строка 1: ожидается сумма, например «1 234,5», введено «дорого»",
        "29.2: пункт отсутствует (в файле должны быть все пункты формы)",
    ]


def test_check_json_lists_problems(eci: Eci, tmp_path: Path) -> None:
    data = filled_answers()
    data["answers"]["3.2"] = 7
    result = eci("form", "check", "--json", _write(tmp_path / "a.yaml", data))
    assert result.code == 1
    assert json.loads(result.out)["problems"] == [
        {"item": "3.2", "code": "not_yes_no", "message": "ожидается «да» или «нет», введено «7»"}
    ]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("cycle: 2023\nregion: '77'\nanswers: [\n", "файл ответов повреждён (строка 4, позиция 1)"),
        ("cycle: 2023\nregion: 'zz'\nanswers: {}\n", "неизвестный субъект «zz»"),
        ("cycle: 2031\nregion: '77'\nanswers: {}\n", "формы отчёта за 2031 год нет"),
        ("- 1\n", "файл ответов должен содержать разделы «cycle», «region» и «answers»"),
        (
            "cycle: 2023\nregion: '77'\nanswers:\n  '1.1': a\n  '1.1': b\n",
            "(строка 5, позиция 3): ключ «1.1» повторяется",
        ),
    ],
)
def test_an_unusable_file_is_one_error_line(eci: Eci, tmp_path: Path, content: str, error: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    result = eci("form", "check", path)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("eci: error: ")
    assert error in result.err
    assert result.err.count("\n") == 1


def test_template_rejects_unknown_region_and_cycle(eci: Eci) -> None:
    bad_region = eci("form", "template", "--cycle", "2023", "--region", "00")
    assert bad_region.err == "eci: error: неизвестный субъект «00»: ожидается двузначный код субъекта РФ\n"
    bad_cycle = eci("form", "template", "--cycle", "2031", "--region", "77")
    assert bad_cycle.err.startswith("eci: error: формы отчёта за 2031 год нет")


def test_template_names_the_region_and_accepts_a_one_digit_code(eci: Eci) -> None:
    result = eci("form", "template", "--cycle", "2023", "--region", "5")
    assert "Субъект: 05 — Республика Дагестан" in result.out
    assert yaml.safe_load(result.out)["region"] == "05"


def test_load_answers_gives_typed_answers_or_one_error(tmp_path: Path) -> None:
    good = load_answers(_write(tmp_path / "good.yaml", filled_answers("05")))
    assert good.region == "05"
    data = filled_answers()
    data["answers"]["1.1"] = ""
    with pytest.raises(EciError, match=r"bad\.yaml: 1\.1: не заполнено$"):
        load_answers(_write(tmp_path / "bad.yaml", data))
