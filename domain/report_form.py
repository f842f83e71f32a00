"""The regions' annual report form per cycle: the 2023 form, items 1.1 … 30.4, each tied to its measure."""

from __future__ import annotations

from domain.errors import DomainError
from domain.report_form_2023_part1 import SECTIONS_1_10
from domain.report_form_2023_part2 import SECTIONS_11_19
from domain.report_form_2023_part3 import SECTIONS_20_30
from domain.report_form_schema import ReportForm

FORM_2023 = ReportForm(
    cycle=2023, previous_year=2022, sections=SECTIONS_1_10 + SECTIONS_11_19 + SECTIONS_20_30
)

FORMS: dict[int, ReportForm] = {FORM_2023.cycle: FORM_2023}


def report_form_for(cycle: int) -> ReportForm:
    """The report form of a cycle; DomainError for a cycle without one."""
    try:
        return FORMS[cycle]
    except KeyError:
        known = ", ".join(str(c) for c in sorted(FORMS))
        raise DomainError(f"no report form for cycle {cycle} (forms exist for: {known})") from None
