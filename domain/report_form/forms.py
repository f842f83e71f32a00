"""The regions' annual report form per cycle: the 2023 form (items 1.1 … 30.4, each tied to its measure)
and, for the later cycles, the same form re-dated."""

from __future__ import annotations

from functools import lru_cache

from domain.errors import DomainError
from domain.obligation.plan import CYCLES
from domain.report_form.derived import derive_form
from domain.report_form.schema import ReportForm
from domain.report_form.text_2023_part1 import SECTIONS_1_10
from domain.report_form.text_2023_part2 import SECTIONS_11_19
from domain.report_form.text_2023_part3 import SECTIONS_20_30

FORM_2023 = ReportForm(
    cycle=2023, previous_year=2022, sections=SECTIONS_1_10 + SECTIONS_11_19 + SECTIONS_20_30
)

# The forms as published; every other cycle of the plan answers the latest one before it, re-dated.
FORMS: dict[int, ReportForm] = {FORM_2023.cycle: FORM_2023}


@lru_cache(maxsize=len(CYCLES))
def report_form_for(cycle: int) -> ReportForm:
    """The report form of a cycle: the published one, or one derived from the latest published before it;
    DomainError for a cycle outside the plan."""
    if cycle in FORMS:
        return FORMS[cycle]
    earlier = [c for c in FORMS if c < cycle]
    if cycle not in CYCLES or not earlier:
        known = f"{CYCLES[0]}–{CYCLES[-1]}"
        raise DomainError(
            f"формы отчёта за {cycle} год нет (отчётные годы Плана: {known})", "no_form_for_cycle"
        )
    return derive_form(FORMS[max(earlier)], cycle)
