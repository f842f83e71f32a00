"""Every validation rule fires on a crafted form and stays silent on a clean one."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from demo.report_answers import demo_answers
from domain.plan.regions import REGION_CODES
from domain.report_form.answers import CountsAnswer, FormAnswers, TableAnswer
from domain.report_form.forms import report_form_for
from reports.summary.build import find_all
from reports.summary.outliers import find_outliers
from reports.summary.rule_catalog import RULES
from reports.summary.rules import check_form

FORM = report_form_for(2023)
FORM_SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "000_1b5aa6aefd341eb6.txt"
CLEAN = "77"  # no part of the demo's story


def _clean() -> FormAnswers:
    return demo_answers(CLEAN, 2023)


def _with(answers: FormAnswers, **items: Any) -> FormAnswers:
    """The answers with some items replaced as stored, past the filing checks (an earlier release's form)."""
    replaced = {key.replace("_", "."): value for key, value in items.items()}
    return answers.model_copy(update={"items": {**answers.items, **replaced}})


def _counts(answers: FormAnswers, item: str) -> CountsAnswer:
    answer = answers.items[item]
    assert isinstance(answer, CountsAnswer)
    return answer


def _rules(findings: list[Any]) -> set[str]:
    return {f.rule for f in findings}


def test_a_clean_form_gives_no_finding() -> None:
    assert check_form(FORM, _clean()) == []


def test_every_rule_is_cited_to_lines_of_the_form() -> None:
    lines = FORM_SEED.read_text(encoding="utf-8").splitlines()
    assert len({r.code for r in RULES}) == 5
    for rule in RULES:
        assert rule.citation.startswith("Форма отчёта"), rule.code
        spans = re.findall(r"стр\. ([\d–, ]+)", rule.citation)
        cited = [int(n) for span in spans for n in re.findall(r"\d+", span)]
        assert cited, rule.code
        assert all(1 <= n <= len(lines) and lines[n - 1].strip() for n in cited), rule.code
    assert "совпадает с п. 5.1.1" in lines[572 - 1]  # the form's own rule, as FORM_11_1 quotes it


def test_the_forms_own_rule_fires_when_11_1_differs_from_5_1_1() -> None:
    answers = _clean()
    non_state = _counts(answers, "5.1.1").parts["non_state_providers"]
    crafted = _with(
        answers, **{"11_1": CountsAnswer(values={2023: non_state[2023] + 2, 2022: non_state[2022]})}
    )
    found = check_form(FORM, crafted)
    assert [(f.rule, f.item, f.year, f.value, f.compared_with) for f in found] == [
        ("form_11_1_equals_5_1_1", "11.1", 2023, non_state[2023] + 2, non_state[2023])
    ]
    assert "п. 11.1 за 2023 год" in found[0].message


@pytest.mark.parametrize(
    ("item", "answer", "problem"),
    [
        ("18_1", CountsAnswer(values={2023: -3, 2022: 4}), "отрицательное"),
        (
            "17.1-17.4",
            TableAnswer(
                rows=({"17.1": "Программа", "17.2": "retraining", "17.3": "ГБУ", "17.4": Decimal("2.5")},)
            ),
            "дробное",
        ),
        (
            "22.1-22.4",
            TableAnswer(rows=({"22.1": "Буклеты", "22.2": "много", "22.3": "ГБУ", "22.4": "сайт"},)),
            "не число",
        ),
        (
            "7.1-7.3",
            TableAnswer(rows=({"7.1": "Оборудование", "7.2": "бюджет", "7.3": "-120,5"},)),
            "отрицательное",
        ),
    ],
)
def test_counts_that_are_negative_fractional_or_not_numbers_are_found(
    item: str, answer: Any, problem: str
) -> None:
    found = check_form(FORM, _with(_clean(), **{item.replace(".", "_"): answer}))
    assert _rules(found) == {"count_not_whole"}
    assert problem in found[0].message


def test_an_amount_may_be_fractional() -> None:
    answer = TableAnswer(rows=({"7.1": "Оборудование", "7.2": "бюджет", "7.3": "120,5"},))
    assert check_form(FORM, _with(_clean(), **{"7_1-7_3": answer})) == []


def test_parts_exceeding_their_total_are_found() -> None:
    answers = _clean()
    whole = _counts(answers, "5.1").values
    crafted = _with(answers, **{"5_1": CountsAnswer(values={2023: 1, 2022: whole[2022]})})
    found = check_form(FORM, crafted)
    assert {(f.rule, f.item, f.year) for f in found} >= {("parts_exceed_total", "5.1.1", 2023)}
    assert all(f.year == 2023 for f in found if f.rule == "parts_exceed_total")


def test_need_by_category_may_not_exceed_the_total_need() -> None:
    need = CountsAnswer(
        parts={
            "total": {2023: 5, 2024: 5},
            "authorities": {2023: 4, 2024: 1},
            "organisations": {2023: 4, 2024: 1},
        }
    )
    found = check_form(FORM, _with(_clean(), **{"12_5": need}))
    assert [(f.rule, f.item, f.year, f.value) for f in found] == [("parts_exceed_total", "12.5", 2023, 8)]


@pytest.mark.parametrize(
    ("current", "previous", "fires"),
    [
        (40, 10, True),  # four times the year before
        (2, 10, True),  # 80 % down
        (29, 10, False),  # under three times
        (9, 2, False),  # too small a base for a ratio
    ],
)
def test_year_over_year_jumps_beyond_the_threshold_are_found(
    current: int, previous: int, fires: bool
) -> None:
    found = check_form(
        FORM, _with(_clean(), **{"18_1": CountsAnswer(values={2023: current, 2022: previous})})
    )
    assert _rules(found) == ({"year_over_year_jump"} if fires else set())


def test_a_value_far_outside_the_other_regions_is_an_outlier_and_the_demo_has_none_in_2023() -> None:
    forms = {code: demo_answers(code, 2023) for code in REGION_CODES}
    assert find_outliers(FORM, forms) == []
    internships = _counts(forms[CLEAN], "18.1").values
    forms[CLEAN] = _with(
        forms[CLEAN], **{"18_1": CountsAnswer(values={2023: internships[2023] * 60, 2022: internships[2022]})}
    )
    found = find_outliers(FORM, forms)
    assert [(f.rule, f.region, f.item) for f in found] == [("outlier", CLEAN, "18.1")]
    assert "выше медианы" in found[0].message
    # the same value is also a jump against the region's own year before
    assert _rules(find_all(FORM, {CLEAN: forms[CLEAN]})) == {"year_over_year_jump"}
