"""A region's answers laid out as the annual report form: items in the form's order, with dynamics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from domain.report_form.answers import CountsAnswer
from domain.report_form.schema import CellType, FormItem, ItemKind, ReportForm
from reports.completion_model import ChainHead
from reports.form_answer_lines import answer_lines, counts_value
from reports.form_answers import NO_ANSWER, Dynamics, describe, item_labels, year_pairs


@dataclass(frozen=True)
class ItemAnswer:
    """One numbered item with its answer lines and, for counts, the year-over-year dynamics."""

    number: str
    question: str
    lines: tuple[str, ...]
    dynamics: tuple[Dynamics, ...] = ()


@dataclass(frozen=True)
class TableAnswer:
    """A table of the form: column items as headers, the region's rows as text cells."""

    key: str
    headers: tuple[str, ...]
    numbers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class SectionAnswers:
    """The part of the form about one measure."""

    measure: int
    title: str
    entries: tuple[ItemAnswer | TableAnswer, ...]


@dataclass(frozen=True)
class SubmissionRef:
    """Which recorded submission the answers come from."""

    position: int
    submitted_at: str
    by: str | None = None  # the person (or, for facts recorded before users, the role) who filed it
    version: int = 1  # the n-th form the region filed for the cycle: a corrected form is the next version


@dataclass(frozen=True)
class RegionReport:
    """Everything the region report shows."""

    cycle: int
    previous_year: int
    region: str
    region_name: str
    federal_district: str
    head: ChainHead
    submission: SubmissionRef | None
    sections: tuple[SectionAnswers, ...]
    # Set when the cycle's form repeats the published one with its years moved.
    form_note: str | None = None
    # Every version the region filed, oldest first; the answers shown are the last one's.
    versions: tuple[SubmissionRef, ...] = ()

    @property
    def title(self) -> str:
        """The report's heading."""
        return f"Отчёт субъекта Российской Федерации за {self.cycle} год: {self.region_name}"


def build_region_report(
    form: ReportForm,
    answers: Mapping[str, Any],
    *,
    region: str,
    region_name: str,
    federal_district: str,
    head: ChainHead,
    submission: SubmissionRef | None,
    versions: tuple[SubmissionRef, ...] = (),
) -> RegionReport:
    """Lay the answers out along the form: every item, in order, whether answered or not."""
    sections = tuple(
        SectionAnswers(s.measure, s.title, _entries(s.items, answers, form)) for s in form.sections
    )
    return RegionReport(
        cycle=form.cycle,
        previous_year=form.previous_year,
        region=region,
        region_name=region_name,
        federal_district=federal_district,
        head=head,
        submission=submission,
        sections=sections,
        form_note=form.derived_note_ru,
        versions=versions,
    )


def _entries(
    items: Sequence[FormItem], answers: Mapping[str, Any], form: ReportForm
) -> tuple[ItemAnswer | TableAnswer, ...]:
    entries: list[ItemAnswer | TableAnswer] = []
    seen_tables: set[str] = set()
    for item in items:
        if item.table:
            if item.table not in seen_tables:
                seen_tables.add(item.table)
                columns = tuple(i for i in items if i.table == item.table)
                entries.append(_table(item.table, columns, answers.get(item.table), form))
            continue
        entries.append(_item(item, answers.get(item.number), form))
    return tuple(entries)


def _item(item: FormItem, value: Any, form: ReportForm) -> ItemAnswer:
    labels = item_labels(item)
    question = item.text if not item.hint or item.kind is not ItemKind.TEXT else f"{item.text} ({item.hint})"
    dynamics: tuple[Dynamics, ...] = ()
    if item.kind is ItemKind.COUNTS:
        years = item.years or (form.cycle, form.previous_year)
        dynamics = tuple(year_pairs(counts_value(value), years, labels))
    lines = answer_lines(item, value)
    if dynamics and isinstance(value, CountsAnswer):  # the dynamics give both years, then the detail
        lines = [d.describe(form.cycle, form.previous_year) for d in dynamics]
        lines += [value.detail] if value.detail else []
    return ItemAnswer(item.number, question, tuple(lines), dynamics)


def _table(key: str, columns: tuple[FormItem, ...], value: Any, form: ReportForm) -> TableAnswer:
    rows: list[tuple[str, ...]] = []
    raw_rows = getattr(value, "rows", value)
    for row in raw_rows if isinstance(raw_rows, list | tuple) else []:
        cells = (_cell(column, _row_value(row, column, n), form) for n, column in enumerate(columns))
        rows.append(tuple(cells))
    if not rows:
        rows.append(tuple(NO_ANSWER if n == 0 else "" for n in range(len(columns))))
    return TableAnswer(
        key=key,
        headers=tuple(f"{c.number} {c.text}" for c in columns),
        numbers=tuple(c.number for c in columns),
        rows=tuple(rows),
    )


def _row_value(row: Any, column: FormItem, index: int) -> Any:
    if isinstance(row, Mapping):
        return row.get(column.number)
    if isinstance(row, list | tuple) and index < len(row):
        return row[index]
    return None


def _cell(column: FormItem, value: Any, form: ReportForm) -> str:
    if value is None:
        return ""
    labels = item_labels(column)
    text = "; ".join(describe(value, labels))
    if column.cell is CellType.COUNTS:
        pairs = year_pairs(value, column.years or (form.cycle, form.previous_year), labels)
        if pairs:
            years = column.years or (form.cycle, form.previous_year)
            text = "; ".join(p.describe(years[0], years[1]) for p in pairs)
    return text
