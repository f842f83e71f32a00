"""The report form of every cycle: the 2023 form with its years moved (seed 000 is the 2023 form)."""

from __future__ import annotations

import re

import pytest

from domain.errors import DomainError
from domain.obligation.plan import CYCLES
from domain.report_form.forms import FORM_2023, report_form_for


def _wording(cycle: int) -> str:
    form = report_form_for(cycle)
    texts = [form.derived_note_ru or ""]
    for section in form.sections:
        texts.append(section.title)
        for item in section.items:
            texts += [item.text, item.hint or "", item.detail_prompt or ""]
            texts += [p.label for p in item.parts + item.choices]
    return "\n".join(texts)


def test_the_2025_form_asks_about_2025_against_2024() -> None:
    # seed 000 line 10: «1.1 Опишите основные мероприятия, которые были проведены в 2023 году …
    # по сравнению с данными за предшествующий, 2022 год»
    form = report_form_for(2025)
    assert (form.cycle, form.previous_year, form.derived_from) == (2025, 2024, 2023)
    assert "проведены в 2025 году" in form.item("1.1").text
    assert "предшествующий, 2024 год" in form.item("1.1").text
    # seed 000 line 258 (5.1): counts for the reporting year and the one before
    assert form.item("5.1").years == (2025, 2024)


def test_the_year_after_the_reporting_year_moves_too() -> None:
    # seed 000 lines 673–685: item 12.5 asks for the need «На 2023 год» and «На 2024 год»
    assert report_form_for(2024).item("12.5").years == (2024, 2025)


@pytest.mark.parametrize("cycle", [c for c in CYCLES if c != 2023])
def test_a_derived_form_names_no_year_of_the_2023_form(cycle: int) -> None:
    years = {int(y) for y in re.findall(r"(?<!\d)20\d\d(?!\d)", _wording(cycle))}
    assert years <= {cycle - 1, cycle, cycle + 1}
    assert cycle in years
    assert cycle - 1 in years


def test_a_derived_form_keeps_every_item_kind_and_measure() -> None:
    derived = report_form_for(2027)
    assert [(i.number, i.kind, i.measure) for i in derived.items] == [
        (i.number, i.kind, i.measure) for i in FORM_2023.items
    ]
    assert derived.answer_keys == FORM_2023.answer_keys


def test_the_published_form_is_not_marked_derived() -> None:
    assert report_form_for(2023) is FORM_2023
    assert FORM_2023.derived_note_ru is None
    assert "с заменой годов" in (report_form_for(2026).derived_note_ru or "")


@pytest.mark.parametrize("cycle", [2022, 2031])
def test_cycles_outside_the_plan_have_no_form(cycle: int) -> None:
    with pytest.raises(DomainError, match=f"формы отчёта за {cycle} год нет"):
        report_form_for(cycle)
