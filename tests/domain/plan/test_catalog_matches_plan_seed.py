"""The catalog is the plan: every measure's words occur in the plan's text, in the measure's own row."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from tests_plan_seed import fragments_in_order, measure_block, normalise, seed_text, uncovered_words

from domain.plan.catalog import MEASURES, SECTION_TITLES, Measure, Recurrence, Section

SEED = seed_text()
# Column interleaving cuts a cell into at most this many runs in this plan (page breaks add one more).
MAX_RUNS = 3
_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря")  # fmt: skip


def _texts(m: Measure) -> list[tuple[str, str]]:
    texts = [("title", m.title), ("deadline_text", m.deadline_text), ("expected_result", m.expected_result)]
    texts += [("document", d.text) for d in m.documents]
    texts += [("executor", e.name) for e in m.executors]
    if m.executors_note:
        texts.append(("executors_note", m.executors_note))
    return texts


def test_catalog_has_the_31_measures_in_order() -> None:
    assert [m.number for m in MEASURES] == list(range(1, 32))


@pytest.mark.parametrize("measure", MEASURES, ids=lambda m: f"measure-{m.number}")
def test_measure_words_occur_in_its_row_of_the_plan(measure: Measure) -> None:
    block = measure_block(SEED, measure.number)
    assert block.startswith(f"{measure.number}. ")
    for field, text in _texts(measure):
        runs = fragments_in_order(text, block)
        assert runs is not None, f"measure {measure.number} {field} not in the plan: {text!r}"
        assert len(runs) <= MAX_RUNS, f"measure {measure.number} {field} is scattered: {runs}"


@pytest.mark.parametrize("measure", MEASURES, ids=lambda m: f"measure-{m.number}")
def test_every_word_of_the_row_is_in_the_catalog(measure: Measure) -> None:
    block = measure_block(SEED, measure.number)
    # What the row holds besides the measure's cells: the next section's heading and a source link.
    for heading in SECTION_TITLES.values():
        block = block.replace(normalise(heading), "")
    block = re.sub(r"https://\S+", "", block)
    left = uncovered_words(block, [text for _, text in _texts(measure)])
    assert left is not None
    numbering = {f"{measure.number}."} | {f"{s.value}." for s in Section}
    assert [w for w in left if w not in numbering] == []


@pytest.mark.parametrize("measure", MEASURES, ids=lambda m: f"measure-{m.number}")
def test_title_starts_the_row(measure: Measure) -> None:
    first_words = " ".join(normalise(measure.title).split()[:2])
    assert measure_block(SEED, measure.number).startswith(f"{measure.number}. {first_words}")


def test_section_titles_are_the_plan_headings() -> None:
    for section, title in SECTION_TITLES.items():
        assert f"{section.value}. {normalise(title)}" in SEED


def test_measures_sit_under_their_section_heading() -> None:
    heading_at = {s: SEED.index(f"{s.value}. {normalise(SECTION_TITLES[s])}") for s in Section}
    for m in MEASURES:
        row_at = SEED.index(measure_block(SEED, m.number))
        above = max((s for s in Section if heading_at[s] < row_at), key=lambda s: heading_at[s])
        assert above is m.section, f"measure {m.number}"


def test_every_annual_wording_in_the_plan_is_an_annual_measure() -> None:
    annual = [m for m in MEASURES if m.recurrence is Recurrence.ANNUAL]
    assert SEED.count("ежегодно") == len(annual) == 22


def test_every_dated_deadline_in_the_plan_is_a_measure_deadline() -> None:
    pattern = re.compile(r"(\S+) ((?:(?:IV|III|II|I) квартал )?20\d\d года?)(?= |$)")
    in_seed = Counter(m.group(2) for m in pattern.finditer(SEED) if m.group(1) not in _MONTHS)
    in_catalog = Counter(
        hit.group(2) for m in MEASURES for hit in pattern.finditer(". " + normalise(m.deadline_text))
    )
    assert in_seed == in_catalog
