"""The 2023 report form cannot drift from its seed: wording, numbering, measures."""

from __future__ import annotations

import re

import pytest
from seed_texts import FORM_SEED, PLAN_SEED, seed_path

from domain.errors import DomainError
from domain.report_form.forms import FORM_2023, report_form_for
from domain.report_form.schema import CellType, ItemKind


def _norm(text: str) -> str:
    return " ".join(text.replace("_", " ").split())


@pytest.fixture(scope="module")
def form_seed() -> str:
    return _norm(seed_path(FORM_SEED).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_numbers() -> list[str]:
    """Every item number the seed prints at the start of a line, in order."""
    numbers = []
    for line in seed_path(FORM_SEED).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*(\d{1,2}\.\d{1,2}(?:\.\d)?)(?:\s|$)", line)
        if match:
            numbers.append(match.group(1))
    return numbers


def test_every_item_text_occurs_in_the_seed(form_seed: str) -> None:
    missing = [i.number for i in FORM_2023.items if _norm(i.text) not in form_seed]
    assert missing == []


def test_every_hint_and_prompt_occurs_in_the_seed(form_seed: str) -> None:
    texts = [t for i in FORM_2023.items for t in (i.hint, i.detail_prompt) if t]
    assert [t for t in texts if _norm(t) not in form_seed] == []


def test_every_part_and_choice_label_occurs_in_the_seed(form_seed: str) -> None:
    labels = [p.label for i in FORM_2023.items for p in i.parts + i.choices if p.label != "всего"]
    assert [label for label in labels if _norm(label) not in form_seed] == []


def test_item_numbers_are_the_seeds_in_order(seed_numbers: list[str]) -> None:
    ours = [i.number for i in FORM_2023.items if i.numbered_in_seed]
    assert ours == seed_numbers


def test_item_numbers_run_from_1_1_to_30_4_in_order() -> None:
    numbers = [i.number for i in FORM_2023.items]
    assert numbers[0] == "1.1"
    assert numbers[-1] == "30.4"
    keys = [i.sort_key for i in FORM_2023.items]
    assert keys == sorted(keys)
    assert len(set(numbers)) == len(numbers)


def test_top_level_items_of_each_section_are_numbered_without_gaps() -> None:
    for section in FORM_2023.sections:
        tops = [i.sort_key[1] for i in section.items if len(i.sort_key) == 2]
        assert tops == list(range(1, len(tops) + 1)), section.measure


def test_each_item_belongs_to_the_measure_its_section_reports_on() -> None:
    for section in FORM_2023.sections:
        for item in section.items:
            assert item.measure == section.measure == item.sort_key[0]


def test_section_headings_are_the_plans_measure_titles(form_seed: str) -> None:
    plan = _norm(seed_path(PLAN_SEED).read_text(encoding="utf-8"))
    for section in FORM_2023.sections:
        assert f"{section.measure}. {_norm(section.title)}" in form_seed
        # The plan's columns are interleaved, so its title words are near the number, not always adjacent.
        words = section.title.replace("«", '"').replace("»", '"').split()
        start = plan.find(f"{section.measure}. {words[0]}")
        assert start >= 0, section.measure
        assert all(w in plan[start : start + 600] for w in words[:4]), section.measure


def test_the_form_skips_the_federal_measures() -> None:
    assert set(range(1, 32)) - set(FORM_2023.measures) == {24, 26, 27, 31}


def test_tables_have_the_seeds_columns() -> None:
    shape = {t.key: [c.number for c in t.columns] for t in FORM_2023.tables}
    assert shape == {
        "7.1-7.3": ["7.1", "7.2", "7.3"],
        "13.1-13.2": ["13.1", "13.2"],
        "15.1-15.3": ["15.1", "15.2", "15.3"],
        "17.1-17.4": ["17.1", "17.2", "17.3", "17.4"],
        "19.1-19.2": ["19.1", "19.2"],
        "22.1-22.4": ["22.1", "22.2", "22.3", "22.4"],
        "23.1-23.3": ["23.1", "23.2", "23.3"],
    }
    assert FORM_2023.item("7.3").cell is CellType.DECIMAL
    assert FORM_2023.item("19.2").years == (2023, 2022)


def test_items_are_typed_as_the_seed_asks() -> None:
    kinds = {n: FORM_2023.item(n).kind for n in ("1.3", "1.4", "1.5", "2.2", "5.1.1", "12.5", "25.1", "3.2")}
    assert kinds == {
        "1.3": ItemKind.YES_NO_DOCUMENT,
        "1.4": ItemKind.MULTI_YES_NO,
        "1.5": ItemKind.YES_NO_DETAIL,
        "2.2": ItemKind.DOCUMENT,
        "5.1.1": ItemKind.COUNTS,
        "12.5": ItemKind.COUNTS,
        "25.1": ItemKind.DOCUMENT_LIST,
        "3.2": ItemKind.YES_NO,
    }
    assert len(FORM_2023.item("1.4").parts) == 4
    assert FORM_2023.item("12.5").years == (2023, 2024)


def test_unknown_item_and_cycle_are_domain_errors() -> None:
    with pytest.raises(DomainError, match="пункта «31.1» нет"):
        FORM_2023.item("31.1")
    with pytest.raises(DomainError, match="формы отчёта за 2022 год нет"):
        report_form_for(2022)  # before the plan


def test_the_catalog_marks_exactly_the_measures_the_form_asks_about() -> None:
    from domain.plan.catalog import MEASURES

    assert {m.number for m in MEASURES if m.in_report_form} == set(FORM_2023.measures)
