"""The workbook layout of the report form (seed `000_…`): every item has its cells; values read as typed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from domain.report_form.forms import report_form_for
from domain.report_form.sheet import AnswerType, CellRef
from domain.report_form.sheet_layout import build_layout
from domain.report_form.sheet_read import check_cells, lenient_value


@pytest.mark.parametrize("cycle", [2023, 2024, 2030])
def test_every_answer_key_of_the_form_has_cells_on_the_sheet_of_its_plan_section(cycle: int) -> None:
    form = report_form_for(cycle)
    layout = build_layout(form, "77")
    assert [s.name for s in layout.sheets] == ["I", "II", "III", "IV", "V", "VI"]
    assert set(form.answer_keys) == {c.key for c in layout.answers}
    assert len({c.at for c in layout.answers}) == len(layout.answers), "no two answers share a cell"


def test_the_digest_differs_by_region_and_by_cycle() -> None:
    digests = {build_layout(report_form_for(c), r).digest for c in (2024, 2025) for r in ("77", "12")}
    assert len(digests) == 4


def _cell(kind: AnswerType) -> object:
    layout = build_layout(report_form_for(2025), "77")
    return next(c for c in layout.answers if c.type is kind)


@pytest.mark.parametrize(
    ("kind", "typed", "read"),
    [
        (AnswerType.INTEGER, "1 234", 1234),
        (AnswerType.INTEGER, "1\u00a0234", 1234),
        (AnswerType.INTEGER, 12.0, 12),
        (AnswerType.AMOUNT, "1 500,50", "1500,50"),
        (AnswerType.AMOUNT, 1500.5, Decimal("1500.5")),
        (AnswerType.DATE, dt.datetime(2027, 2, 10), dt.date(2027, 2, 10)),  # noqa: DTZ001 - a cell's date
        (AnswerType.TEXT, "   ", None),
    ],
)
def test_values_are_read_as_a_person_types_them(kind: AnswerType, typed: object, read: object) -> None:
    assert lenient_value(_cell(kind), typed) == read  # type: ignore[arg-type]


def test_an_empty_workbook_names_the_cell_of_every_missing_answer() -> None:
    layout = build_layout(report_form_for(2025), "77")
    _, located = check_cells(layout, {})
    first = next(c for c in layout.answers if c.number == "1.1")
    assert str(located[0]) == f"1.1 (лист I, {first.at.ref}): не заполнено"
    assert all(p.where is None or isinstance(p.where, CellRef) for p in located)
