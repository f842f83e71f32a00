"""A region's whole answers typed into its workbook read back as the same answers."""

from __future__ import annotations

import pytest

from demo.report_answers import demo_answers
from domain.report_form.forms import report_form_for
from domain.report_form.sheet_fill import filled_cells
from domain.report_form.sheet_layout import build_layout
from domain.report_form.sheet_read import check_cells


@pytest.mark.parametrize(("region", "cycle"), [("77", 2023), ("16", 2026)])
def test_answers_written_into_the_cells_read_back_unchanged(region: str, cycle: int) -> None:
    answers = demo_answers(region, cycle)
    layout = build_layout(report_form_for(cycle), region)
    result, located = check_cells(layout, filled_cells(layout, answers))
    assert located == ()
    assert result.answers == answers


def test_answers_of_another_form_are_refused() -> None:
    layout = build_layout(report_form_for(2026), "77")
    with pytest.raises(ValueError, match="not the form of this workbook"):
        filled_cells(layout, demo_answers("77", 2025))
