"""Validating a region's answers against the 2023 report form: typed answers, or problems naming items."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import yaml
from report_form_samples import filled_answers

from domain.documents import DocumentKind
from domain.errors import DomainError
from domain.report_form.answers import CountsAnswer, DocumentAnswer, TableAnswer, YesNoDocumentAnswer
from domain.report_form.check import AnswerProblems, answers_from_data, check_answers, validate_answers
from domain.report_form.forms import FORM_2023
from domain.report_form.template import render_template


def _problems(data: dict[str, object]) -> list[str]:
    return [str(p) for p in validate_answers(data)]


def test_a_complete_answer_file_has_no_problems_and_typed_answers() -> None:
    answers = answers_from_data(filled_answers())
    assert answers.region == "77"
    doc = answers.answer("1.3")
    assert isinstance(doc, YesNoDocumentAnswer)
    assert doc.document is not None
    assert doc.document.kind is DocumentKind.ORDER
    table = answers.answer("7.1-7.3")
    assert isinstance(table, TableAnswer)
    assert table.rows[0]["7.3"] == Decimal("1500.50")
    counts = answers.answer("12.5")
    assert isinstance(counts, CountsAnswer)
    assert counts.parts["total"] == {2023: 3, 2024: 3}


def test_the_template_parses_and_lists_every_item() -> None:
    data = yaml.safe_load(render_template(FORM_2023, "05", "Республика Дагестан"))
    assert data["cycle"] == 2023
    assert data["region"] == "05"
    assert list(data["answers"]) == list(FORM_2023.answer_keys)


def test_an_unfilled_template_names_its_unanswered_items() -> None:
    data = yaml.safe_load(render_template(FORM_2023, "77"))
    problems = _problems(data)
    assert "1.1: не заполнено" in problems
    assert "1.3: ответьте «да» или «нет»" in problems
    assert "5.1: не указано число за 2023, 2022" in problems
    assert not any(p.startswith("7.") and "7.4" not in p for p in problems)  # an empty table is an answer


def test_a_missing_item_is_named() -> None:
    data = filled_answers()
    del data["answers"]["7.4"]
    del data["answers"]["22.1-22.4"]
    assert _problems(data) == [
        "7.4: пункт отсутствует (в файле должны быть все пункты формы)",
        "22.1-22.4: пункт отсутствует (в файле должны быть все пункты формы)",
    ]


def test_a_wrong_type_in_a_table_cell_names_the_column_and_row() -> None:
    data = filled_answers()
    data["answers"]["7.1-7.3"].append({"7.1": "Сенсорная комната", "7.2": "бюджет", "7.3": "много"})
    assert _problems(data) == ["7.3: строка 2: ожидается сумма, например «1 234,5», введено «много»"]


def test_a_missing_cell_names_its_column() -> None:
    data = filled_answers()
    data["answers"]["17.1-17.4"] = [{"17.1": "Программа, 72 ч", "17.2": "учёба", "17.3": "", "17.4": -1}]
    assert _problems(data) == [
        # The words of the workbook's drop-down, not the codes behind them.
        "17.2: строка 1: выберите одно из: «переподготовка», «повышение квалификации»; введено «учёба»",
        "17.3: строка 1: не заполнено",
        "17.4: строка 1: число не может быть отрицательным, введено «-1»",
    ]


@pytest.mark.parametrize(
    ("number", "value", "problem"),
    [
        ("3.2", "может быть", "3.2: ожидается «да» или «нет», введено «может быть»"),
        ("1.1", ["a", "b"], "1.1: ожидается текст"),
        ("5.1", {2023: "пять", 2022: 1}, "5.1: 2023: ожидается целое число, введено «пять»"),
        ("5.1", {2023: 1, 2021: 1}, "5.1: поле «2021» не из этого пункта (ожидаются: 2023, 2022)"),
        (
            "1.3",
            {"answer": True, "document": None},
            "1.3: ответ «да»: укажите документ (укажите название, номер и дату приказа)",
        ),
        (
            "1.3",
            {
                "answer": False,
                "document": {"kind": "order", "number": "1", "date": "2023-01-01", "issuer": "x"},
            },
            "1.3: ответ «нет», но указан документ",
        ),
        (
            "2.2",
            {"kind": "указ", "number": "1", "date": "2023-01-01", "issuer": "x"},
            "2.2: вид документа: неизвестный вид «указ» (допустимы: приказ, постановление, распоряжение, "
            "реестр, доклад, аналитическая записка, методические рекомендации, информация, программа, план, "
            "нормативный правовой акт, соглашение, письмо, иной документ)",
        ),
        (
            "2.2",
            {"kind": "order", "number": "1", "date": "вчера", "issuer": "x"},
            "2.2: дата: ожидается ДД.ММ.ГГГГ, введено «вчера»",
        ),
        (
            "2.2",
            {"kind": "order", "number": "", "date": None, "issuer": "x"},
            "2.2: не заполнено: номер, дата",
        ),
        ("25.1", [{"kind": "order"}], "25.1: документ 1: не заполнено: номер, дата, кем принят"),
        ("1.4", {"health": True}, "1.4: Социальной защиты: ответьте «да» или «нет»"),
        (
            "1.5",
            {"answer": True, "detail": ""},
            "1.5: ответ «да»: укажите пояснение (укажите название информационной системы)",
        ),
    ],
)
def test_a_wrong_answer_is_one_line_naming_its_item(number: str, value: object, problem: str) -> None:
    data = filled_answers()
    data["answers"][number] = value
    assert _problems(data)[0] == problem


def test_russian_dates_and_yes_no_words_are_accepted() -> None:
    data = filled_answers()
    data["answers"]["2.2"] = {"kind": "постановление", "number": "5", "date": "01.02.2023", "issuer": "x"}
    data["answers"]["3.2"] = "Нет"
    answers = answers_from_data(data)
    doc = answers.answer("2.2")
    assert isinstance(doc, DocumentAnswer)
    assert doc.document is not None
    assert doc.document.date == dt.date(2023, 2, 1)


def test_an_item_outside_the_form_is_named() -> None:
    data = filled_answers()
    data["answers"]["31.1"] = "x"
    assert _problems(data) == ["31.1: такого пункта нет в форме за 2023 год"]


def test_non_state_providers_in_11_1_must_match_5_1_1() -> None:
    data = filled_answers()
    data["answers"]["11.1"] = {2023: 4, 2022: 3}
    expected = "11.1: 2023: 4 не совпадает с п. 5.1.1 «негосударственные поставщики» (3)"
    assert _problems(data) == [expected]


def test_problems_raise_one_error_naming_the_first() -> None:
    data = filled_answers()
    data["answers"]["1.1"] = ""
    data["answers"]["1.2"] = ""
    with pytest.raises(AnswerProblems, match=r"^1\.1: не заполнено \(и ещё замечаний: 1\)$"):
        answers_from_data(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "файл ответов должен содержать разделы «cycle», «region» и «answers»"),
        ({"cycle": 2031, "region": "77", "answers": {}}, "формы отчёта за 2031 год нет"),
        ({"cycle": "двадцать", "region": "77"}, "«cycle»: ожидается отчётный год, например 2023"),
        ({"cycle": 2023, "region": "7x"}, "неизвестный субъект «7x»"),
        ({"cycle": 2023, "region": "77", "answers": [1]}, "«answers»: ожидаются ответы по номерам пунктов"),
        ({"cycle": 2023, "region": "77", "extra": 1}, "неизвестный раздел файла «extra»"),
    ],
)
def test_a_bad_header_is_a_domain_error(data: object, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        check_answers(data)


def test_an_unquoted_region_code_is_read_as_its_code() -> None:
    data = filled_answers()
    data["region"] = 5
    assert answers_from_data(data).region == "05"
