"""The long table: one row per number a region gave (counts by part and year, tables' column sums, да as
1 and нет as 0), the shape a pivot table wants."""

from __future__ import annotations

from domain.report_form.schema import ItemKind
from reports.summary.charts import DISTRICT_SHORT
from reports.summary.indicators import has
from reports.summary.report import Summary
from reports.summary.rules import part_label
from reports.summary.values import column_total, count_values, item_years
from reports.tables import Cell

_FLAGS = (ItemKind.YES_NO, ItemKind.YES_NO_DOCUMENT, ItemKind.YES_NO_DETAIL)


def long_rows(summary: Summary) -> tuple[tuple[Cell, ...], ...]:
    """Rows of (code, region, district, measure, item, label, year, value), by region then item."""
    form = summary.form
    rows: list[tuple[Cell, ...]] = []
    forms = {f.region.code: f.filed for f in summary.completeness.filings if f.filed}
    for region in summary.scope.regions:
        filed = forms.get(region.code)
        if filed is None:
            continue
        answers = filed.answers
        head = (region.code, region.name, DISTRICT_SHORT.get(region.federal_district.name_ru, ""))
        for item in form.items:
            if item.kind is ItemKind.COUNTS:
                for value in count_values(answers.items.get(item.number)):
                    label = part_label(form, item.number, value.part) if value.part else item.text
                    rows.append((*head, item.measure, item.number, label, value.year, value.value))
            elif item.kind in _FLAGS:
                flag = has(answers, item.number)
                if flag is not None:
                    rows.append((*head, item.measure, item.number, item.text, form.cycle, int(flag)))
            elif item.table and item.cell is not None and item.cell.value in ("integer", "decimal", "counts"):
                years = item_years(form, item) if item.years else (None,)
                for year in years:
                    total = column_total(form, answers, item.number, year)
                    if total is not None:
                        rows.append((*head, item.measure, item.number, item.text, year or form.cycle, total))
    return tuple(rows)
