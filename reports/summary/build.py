"""Putting the summary together from the filed forms: pure (the store is read in `from_store`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from domain.plan.regions import FEDERAL_DISTRICT_NAMES_RU, FederalDistrict
from domain.report_form.answers import FormAnswers
from domain.report_form.schema import CellType, FormItem, FormTable, ItemKind, ReportForm
from reports.completion_model import ChainHead
from reports.ru_numbers import fmt_number
from reports.summary.aggregate import summarise
from reports.summary.completeness import completeness
from reports.summary.indicators import INDICATORS, PRESENCES, Indicator, has, per_region
from reports.summary.model import FiledForm, Number, Scope
from reports.summary.outliers import find_outliers
from reports.summary.report import (
    DistrictItems,
    IndicatorTotal,
    PresenceTotal,
    Summary,
    TextAnswers,
    TrendPoint,
)
from reports.summary.rule_catalog import Finding
from reports.summary.rules import check_form
from reports.summary.values import count_of, item_years, text_of, to_number


def build_summary(
    form: ReportForm,
    scope: Scope,
    filed: Mapping[str, FiledForm],
    *,
    as_of: dt.date,
    head: ChainHead,
    history: Mapping[int, Mapping[str, FormAnswers]] | None = None,
    history_forms: Mapping[int, ReportForm] | None = None,
) -> Summary:
    """The summary of `form`'s cycle over `scope` from the regions' latest forms; `history` holds earlier
    cycles' answers (with their forms in `history_forms`) for the trend."""
    codes = scope.codes
    forms = {c: filed[c].answers for c in codes if c in filed}
    districts = _districts(form, scope, forms)
    return Summary(
        cycle=form.cycle,
        as_of=as_of,
        head=head,
        form=form,
        scope=scope,
        completeness=completeness(form.cycle, scope.regions, {c: filed[c] for c in forms}, as_of),
        items=summarise(form, codes, forms),
        districts=districts,
        indicators=tuple(_indicator(form, scope, forms, i) for i in INDICATORS),
        presences=tuple(
            PresenceTotal(p, tuple(c for c in codes if has(forms.get(c), p.item)), len(codes))
            for p in PRESENCES
        ),
        trend=_trend(form, scope, forms, history or {}, history_forms or {}),
        findings=tuple(find_all(form, forms)),
        texts=_texts(form, forms),
    )


def find_all(form: ReportForm, forms: Mapping[str, FormAnswers]) -> list[Finding]:
    """Every rule's findings over the forms, by region, item and rule."""
    found = [f for answers in forms.values() for f in check_form(form, answers)]
    found += find_outliers(form, forms)
    order = {item.number: n for n, item in enumerate(form.items)}
    return sorted(found, key=lambda f: (f.region, order.get(f.item, len(order)), f.rule, f.part, f.year or 0))


def _districts(form: ReportForm, scope: Scope, forms: Mapping[str, FormAnswers]) -> tuple[DistrictItems, ...]:
    result = []
    for district in FederalDistrict:
        codes = tuple(r.code for r in scope.regions if r.federal_district is district)
        if codes:
            name = FEDERAL_DISTRICT_NAMES_RU[district]
            filed = sum(1 for c in codes if c in forms)
            result.append(DistrictItems(name, len(codes), filed, summarise(form, codes, forms)))
    return tuple(result)


def _indicator(
    form: ReportForm, scope: Scope, forms: Mapping[str, FormAnswers], indicator: Indicator
) -> IndicatorTotal:
    values = per_region(indicator, form, forms)
    previous = _previous(form, forms, indicator)
    by_district = []
    for district in FederalDistrict:
        codes = [r.code for r in scope.regions if r.federal_district is district]
        if codes:
            by_district.append(
                (FEDERAL_DISTRICT_NAMES_RU[district], sum((values.get(c, 0) for c in codes), 0))
            )
    return IndicatorTotal(
        indicator, sum(values.values(), start=0), previous, len(values), tuple(by_district), values
    )


def _previous(form: ReportForm, forms: Mapping[str, FormAnswers], indicator: Indicator) -> Number | None:
    """The year before, as the same forms give it (counts items only)."""
    item: FormItem = form.item(indicator.item)
    if indicator.table_column or item.kind is not ItemKind.COUNTS:
        return None
    year, before = item_years(form, item)
    if before >= year:
        return None
    found = [
        v for a in forms.values() if (v := count_of(a, indicator.item, indicator.part, before)) is not None
    ]
    return sum(found, start=0) if found else None


def _trend(
    form: ReportForm,
    scope: Scope,
    forms: Mapping[str, FormAnswers],
    history: Mapping[int, Mapping[str, FormAnswers]],
    history_forms: Mapping[int, ReportForm],
) -> tuple[TrendPoint, ...]:
    points = []
    codes = set(scope.codes)
    cycles = {
        **{c: (history_forms[c], h) for c, h in history.items() if c in history_forms and c < form.cycle},
        form.cycle: (form, forms),
    }
    for cycle in sorted(cycles):
        cycle_form, answers = cycles[cycle]
        chosen = {c: a for c, a in answers.items() if c in codes}
        totals = {i.key: sum(per_region(i, cycle_form, chosen).values(), start=0) for i in INDICATORS}
        points.append(TrendPoint(cycle, len(chosen), totals))
    return tuple(points)


def _texts(form: ReportForm, forms: Mapping[str, FormAnswers]) -> tuple[TextAnswers, ...]:
    """Free-text questions and the tables' rows, in the form's order."""
    result = []
    tables = {t.key: t for t in form.tables}
    for key in form.answer_keys:
        if key in tables:
            result.append(_table_rows(tables[key], forms))
            continue
        item = form.item(key)
        if item.kind is not ItemKind.TEXT:
            continue
        grouped: dict[str, list[str]] = {}
        for code in sorted(forms):
            text = text_of(forms[code].items.get(item.number))
            if text:
                grouped.setdefault(text, []).append(code)
        answers = tuple((tuple(codes), text) for text, codes in grouped.items())
        result.append(TextAnswers(item.number, item.text, answers))
    return tuple(result)


def _table_rows(table: FormTable, forms: Mapping[str, FormAnswers]) -> TextAnswers:
    """Each region's rows of a table, one line per row, its cells joined by « — »."""
    answers = []
    for code in sorted(forms):
        rows = getattr(forms[code].items.get(table.key), "rows", ())
        lines = [
            " — ".join(_cell_text(row.get(c.number), c) for c in table.columns if c.number in row)
            for row in rows
        ]
        if any(lines):
            answers.append(((code,), "\n".join(line for line in lines if line)))
    return TextAnswers(table.key, "; ".join(c.text for c in table.columns), tuple(answers))


def _cell_text(value: object, column: FormItem) -> str:
    labels = {p.key: p.label for p in column.choices}
    if isinstance(value, dict):
        return ", ".join(
            f"{year} г. — {fmt_number(v) if isinstance(v, int) else v}" for year, v in value.items()
        )
    if isinstance(value, int | Decimal):
        return fmt_number(value)
    number = to_number(value) if column.cell is CellType.DECIMAL else None
    return fmt_number(number) if number is not None else labels.get(str(value), str(value))
