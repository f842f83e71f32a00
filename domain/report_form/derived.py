"""The report form of a later cycle, derived from the 2023 form.

The plan asks for the report every year («ежегодно, в срок до 15 апреля года, следующего за отчетным»,
measures 4 and 5 of the plan) but only the 2023 form was published (seed 000: «... в 2023 году по
сравнению с данными за предшествующий, 2022 год, соответственно»). A region reporting on cycle N
answers the same items, with the reporting year N, the comparison year N−1 and, where the 2023 form
asks about the year after (item 12.5, «На 2024 год»), N+1.
"""

from __future__ import annotations

import re
from dataclasses import replace

from domain.report_form.schema import FormItem, FormPart, FormSection, ReportForm

_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


class _Shift:
    """Moves the years around a base form's cycle (its previous, own and next year) by `by` years."""

    def __init__(self, base: ReportForm, cycle: int) -> None:
        self.by = cycle - base.cycle
        self.years = frozenset({base.previous_year, base.cycle, base.cycle + 1})

    def year(self, year: int) -> int:
        return year + self.by if year in self.years else year

    def text(self, text: str) -> str:
        return _YEAR.sub(lambda m: str(self.year(int(m.group(1)))), text)

    def optional(self, text: str | None) -> str | None:
        return None if text is None else self.text(text)

    def part(self, part: FormPart) -> FormPart:
        return replace(part, label=self.text(part.label))

    def item(self, item: FormItem) -> FormItem:
        return replace(
            item,
            text=self.text(item.text),
            hint=self.optional(item.hint),
            detail_prompt=self.optional(item.detail_prompt),
            parts=tuple(self.part(p) for p in item.parts),
            choices=tuple(self.part(c) for c in item.choices),
            years=tuple(self.year(y) for y in item.years),
        )

    def section(self, section: FormSection) -> FormSection:
        return replace(
            section, title=self.text(section.title), items=tuple(self.item(i) for i in section.items)
        )


def derive_form(base: ReportForm, cycle: int) -> ReportForm:
    """The form of `cycle`: `base`'s items with its years moved to `cycle`, marked as derived from it."""
    if cycle == base.cycle:
        return base
    shift = _Shift(base, cycle)
    return ReportForm(
        cycle=cycle,
        previous_year=shift.year(base.previous_year),
        sections=tuple(shift.section(s) for s in base.sections),
        derived_from=base.cycle,
    )
