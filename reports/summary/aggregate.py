"""Every item of the form summed over the regions in scope: pure, so a test can recompute it by hand.

Counts are summed per part and year; да/нет questions become «есть у N из M»; document questions count
the regions that named one; tables are summed by numeric column and by the values of their choice
column; free text is only counted here (the appendix gathers it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from domain.report_form.answers import (
    DocumentAnswer,
    DocumentListAnswer,
    FormAnswers,
    MultiYesNoAnswer,
    YesNoAnswer,
    YesNoDetailAnswer,
    YesNoDocumentAnswer,
)
from domain.report_form.schema import CellType, FormItem, FormTable, ItemKind, ReportForm
from reports.summary.model import (
    ChoiceTotal,
    ColumnTotal,
    CountTotal,
    DocumentTotal,
    ItemSummary,
    Number,
    TableTotal,
    YesNoTotal,
)
from reports.summary.values import count_values, item_years, table_cells, text_of

_YES_NO_KINDS = (ItemKind.YES_NO, ItemKind.YES_NO_DOCUMENT, ItemKind.YES_NO_DETAIL)


def summarise(
    form: ReportForm, scope: Sequence[str], forms: Mapping[str, FormAnswers]
) -> tuple[ItemSummary, ...]:
    """One summary per item (tables once, at their first column), in the form's order.

    `scope` lists the regions counted (the denominator of «есть у N из M»); `forms` holds the answers of
    those among them that filed (others are ignored).
    """
    chosen = {code: forms[code] for code in scope if code in forms}
    result: list[ItemSummary] = []
    tables = {t.key: t for t in form.tables}
    for key in form.answer_keys:
        if key in tables:
            result.append(_table(tables[key], chosen))
        else:
            result.append(_item(form, form.item(key), scope, chosen))
    return tuple(result)


def _answered(item: str, forms: Mapping[str, FormAnswers]) -> dict[str, object]:
    return {code: f.items[item] for code, f in forms.items() if item in f.items}


def _item(
    form: ReportForm, item: FormItem, scope: Sequence[str], forms: Mapping[str, FormAnswers]
) -> ItemSummary:
    answers = _answered(item.number, forms)
    base = ItemSummary(item.number, item.measure, item.text, answered=len(answers))
    if item.kind is ItemKind.COUNTS:
        return replace(base, counts=_counts(form, item, answers))
    if item.kind in _YES_NO_KINDS or item.kind is ItemKind.MULTI_YES_NO:
        return replace(base, shares=_shares(item, scope, answers))
    if item.kind in (ItemKind.DOCUMENT, ItemKind.DOCUMENT_LIST):
        return replace(base, documents=_documents(item, scope, answers))
    texts = sum(1 for a in answers.values() if text_of(a))
    return replace(base, answered=texts, is_text=True)


def _counts(form: ReportForm, item: FormItem, answers: Mapping[str, object]) -> tuple[CountTotal, ...]:
    year, other_year = item_years(form, item)
    labels = {"": item.text, **{p.key: p.label for p in item.parts}}
    keys = [""] + [p.key for p in item.parts]
    sums: dict[str, dict[int, Number]] = {}
    regions: dict[str, set[str]] = {}
    for code, answer in answers.items():
        for value in count_values(answer):
            by_year = sums.setdefault(value.part, {})
            by_year[value.year] = by_year.get(value.year, 0) + value.value
            regions.setdefault(value.part, set()).add(code)
    keys += sorted(k for k in sums if k not in keys)  # parts a later form no longer names
    return tuple(
        CountTotal(
            item=item.number,
            part=key,
            label=labels.get(key, key),
            year=year,
            other_year=other_year,
            current=sums[key].get(year, 0),
            other=sums[key].get(other_year, 0),
            regions=len(regions[key]),
        )
        for key in keys
        if key in sums
    )


def _flags(item: FormItem, answer: object) -> dict[str, bool]:
    """The да/нет of an answer, by part ("" for a single question)."""
    if isinstance(answer, YesNoAnswer | YesNoDocumentAnswer | YesNoDetailAnswer):
        return {"": answer.answer}
    if isinstance(answer, MultiYesNoAnswer):
        return dict(answer.parts)
    return {}


def _shares(item: FormItem, scope: Sequence[str], answers: Mapping[str, object]) -> tuple[YesNoTotal, ...]:
    parts = (
        [(p.key, p.label) for p in item.parts] if item.kind is ItemKind.MULTI_YES_NO else [("", item.text)]
    )
    flags = {code: _flags(item, a) for code, a in answers.items()}
    result = []
    for key, label in parts:
        yes = tuple(c for c in scope if flags.get(c, {}).get(key) is True)
        no = tuple(c for c in scope if flags.get(c, {}).get(key) is False)
        unanswered = tuple(c for c in scope if key not in flags.get(c, {}))
        result.append(YesNoTotal(item.number, key, label, yes, no, unanswered))
    return tuple(result)


def _documents(item: FormItem, scope: Sequence[str], answers: Mapping[str, object]) -> DocumentTotal:
    counts: dict[str, int] = {}
    for code, answer in answers.items():
        if isinstance(answer, DocumentAnswer):
            counts[code] = 1 if answer.document is not None else 0
        elif isinstance(answer, DocumentListAnswer):
            counts[code] = len(answer.documents)
    named = tuple(c for c in scope if counts.get(c, 0) > 0)
    return DocumentTotal(item.number, named, sum(counts.values()), len(scope))


def _table(table: FormTable, forms: Mapping[str, FormAnswers]) -> ItemSummary:
    answers = _answered(table.key, forms)
    totals: dict[tuple[str, int | None], list[Number]] = {}
    by_choice: dict[tuple[str, str], list[Number]] = {}
    rows = 0
    with_rows = 0
    for answer in answers.values():
        count = len(getattr(answer, "rows", ()))
        rows += count
        with_rows += count > 0
        for cell in table_cells(table, answer):
            if cell.value is None:
                continue
            totals.setdefault((cell.column, cell.year), []).append(cell.value)
            if cell.choice is not None and cell.year is None:
                by_choice.setdefault((cell.choice, cell.column), []).append(cell.value)
    labels = {c.number: c.text for c in table.columns}
    columns = tuple(
        ColumnTotal(column, labels[column], year, sum(values, start=0), len(values))
        for (column, year), values in sorted(totals.items(), key=lambda kv: _column_order(table, kv[0]))
    )
    choice_labels = {p.key: p.label for c in table.columns if c.cell is CellType.CHOICE for p in c.choices}
    choices = tuple(
        ChoiceTotal(choice_labels.get(choice, choice), column, sum(values, start=0), len(values))
        for (choice, column), values in sorted(by_choice.items())
    )
    return ItemSummary(
        number=table.key,
        measure=table.measure,
        question="; ".join(c.text for c in table.columns),
        answered=with_rows,
        table=TableTotal(table.key, columns, choices, rows, with_rows),
    )


def _column_order(table: FormTable, key: tuple[str, int | None]) -> tuple[int, int]:
    numbers = [c.number for c in table.columns]
    column, year = key
    return numbers.index(column), -(year or 0)
