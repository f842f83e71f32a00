"""Values far outside the other regions': a robust statistic, so the outliers themselves do not hide.

Regions differ in size by three orders of magnitude (Москва and Чукотка), and the tracker holds no
population table with a source to divide by, so counts are compared on a logarithmic scale: the
modified z-score of Iglewicz and Hoaglin (1993), 0,6745·(x − median)/MAD of log(1 + value), flags
|z| > 3,5. Fewer than eight answers give no reliable median; a spread of zero (most regions equal)
falls back to the mean absolute deviation, as the authors advise. A value within ten of the median is
never flagged: among small counts (one sole proprietor where most have none) any difference looks large.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from domain.report_form.answers import FormAnswers
from domain.report_form.schema import CellType, ItemKind, ReportForm
from reports.ru_numbers import fmt_number
from reports.summary.model import Number
from reports.summary.rule_catalog import OUTLIER, Finding
from reports.summary.rules import part_label
from reports.summary.values import column_total, count_of, item_years

THRESHOLD = 3.5
MIN_REGIONS = 8
MIN_GAP = 10  # a value this close to the median is no outlier, whatever the spread of small counts
_CONSISTENCY = 0.6745  # the normal distribution's MAD in standard deviations
_MEAN_AD = 0.7979  # the same for the mean absolute deviation


@dataclass(frozen=True)
class Series:
    """One number every region may give: an item's part in the reporting year, or a table column's sum."""

    item: str
    part: str
    label: str
    year: int | None


def series_of(form: ReportForm) -> tuple[Series, ...]:
    """Every number of the form that is compared across regions."""
    found: list[Series] = []
    for item in form.items:
        if item.kind is ItemKind.COUNTS:
            year = item_years(form, item)[0]
            keys = [p.key for p in item.parts] or [""]
            found += [Series(item.number, k, part_label(form, item.number, k), year) for k in keys]
        elif item.cell in (CellType.INTEGER, CellType.DECIMAL):
            found.append(Series(item.number, "", "", None))
        elif item.cell is CellType.COUNTS:
            found.append(Series(item.number, "", "", item_years(form, item)[0]))
    return tuple(found)


def value_of(form: ReportForm, answers: FormAnswers | None, series: Series) -> Number | None:
    """One region's value of a series, if it gave one."""
    if form.item(series.item).table is not None:
        return column_total(form, answers, series.item, series.year)
    return count_of(answers, series.item, series.part, series.year or form.cycle)


def modified_z(values: Mapping[str, Number]) -> dict[str, float]:
    """The modified z-score of each region's log(1 + value); empty when too few or no spread at all."""
    logs = {k: math.log1p(float(v)) for k, v in values.items() if v >= 0}
    if len(logs) < MIN_REGIONS:
        return {}
    centre = median(logs.values())
    mad = median(abs(x - centre) for x in logs.values())
    if mad > 0:
        return {k: _CONSISTENCY * (x - centre) / mad for k, x in logs.items()}
    mean_ad = sum(abs(x - centre) for x in logs.values()) / len(logs)
    if mean_ad == 0:
        return {}
    return {k: _MEAN_AD * (x - centre) / mean_ad for k, x in logs.items()}


def find_outliers(form: ReportForm, forms: Mapping[str, FormAnswers]) -> list[Finding]:
    """Findings for every value whose modified z-score passes the threshold."""
    return [finding for series in series_of(form) for finding in _series_outliers(form, forms, series)]


def _series_outliers(form: ReportForm, forms: Mapping[str, FormAnswers], series: Series) -> Iterator[Finding]:
    values = {code: v for code, a in forms.items() if (v := value_of(form, a, series)) is not None}
    scores = modified_z(values)
    if not scores:
        return
    middle = median(float(v) for v in values.values())
    for code in sorted(scores):
        if abs(scores[code]) > THRESHOLD and abs(float(values[code]) - middle) >= MIN_GAP:
            where = f" ({series.label})" if series.label else ""
            when = f" за {series.year} год" if series.year else ""
            side = "выше" if scores[code] > 0 else "ниже"
            yield Finding(
                OUTLIER.code,
                code,
                series.item,
                f"п. {series.item}{where}{when}: {fmt_number(values[code])} — намного {side} медианы "
                f"субъектов {fmt_number(middle)} (z = {fmt_number(round(scores[code], 1), 1)})",
                part=series.part,
                year=series.year,
                value=values[code],
                compared_with=_plain(middle),
            )


def _plain(value: float | Number) -> Number:
    return value if isinstance(value, int | Decimal) else Decimal(str(round(value, 1)))
