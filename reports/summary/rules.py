"""The rules one region's form is held to on its own: pure functions from answers to findings.

The cross-region rule (values far outside the other regions') is in `outliers`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from domain.report_form.answers import FormAnswers
from domain.report_form.schema import CellType, ItemKind, ReportForm
from reports.ru_numbers import fmt_number, fmt_percent
from reports.summary.model import Number
from reports.summary.rule_catalog import COUNT_NOT_WHOLE, FORM_11_1, PARTS_EXCEED_TOTAL, YEAR_JUMP, Finding
from reports.summary.values import count_of, count_values, item_years, table_cells

JUMP_FACTOR = 3  # the reporting year at least three times the year before
DROP_SHARE = Decimal("0.7")  # or at least 70 % below it
JUMP_BASE = 5  # below this a year's count is too small for a ratio to mean anything


@dataclass(frozen=True)
class PartsRule:
    """Parts of a count that may not add up to more than a whole (the same year)."""

    parts_item: str
    parts: tuple[str, ...]  # keys of the parts item's parts summed
    whole_item: str
    whole_part: str  # "" for the whole item's own number


PART_WHOLE = (
    PartsRule("5.1.1", ("health", "social_protection", "education", "non_state_providers"), "5.1", ""),
    PartsRule("5.1.2", ("departments", "services", "offices", "consultation_points"), "5.1", ""),
    PartsRule("11.1.2", ("nko", "commercial", "sole_proprietors"), "5.1.1", "non_state_providers"),
    PartsRule("12.5", ("authorities", "organisations"), "12.5", "total"),
)


def check_form(form: ReportForm, answers: FormAnswers) -> list[Finding]:
    """Every finding of the single-form rules on one region's answers."""
    return [
        *_form_11_1(form, answers),
        *_not_whole(form, answers),
        *_parts_exceed(form, answers),
        *_year_jumps(form, answers),
    ]


def part_label(form: ReportForm, item: str, part: str) -> str:
    """The Russian label of an item's part («Здравоохранение»), or the key itself."""
    labels = {p.key: p.label for p in form.item(item).parts} if "." in item else {}
    return labels.get(part, part)


def _form_11_1(form: ReportForm, answers: FormAnswers) -> Iterator[Finding]:
    for year in item_years(form, form.item("11.1")):
        own = count_of(answers, "11.1", "", year)
        other = count_of(answers, "5.1.1", "non_state_providers", year)
        if own is not None and other is not None and own != other:
            yield Finding(
                FORM_11_1.code,
                answers.region,
                "11.1",
                f"п. 11.1 за {year} год — {fmt_number(own)}, а в п. 5.1.1 негосударственных поставщиков "
                f"— {fmt_number(other)}",
                year=year,
                value=own,
                compared_with=other,
            )


def _bad_count(value: Number, whole: bool) -> str | None:
    if value < 0:
        return "отрицательное"
    if whole and value != int(value):
        return "дробное"
    return None


def _not_whole(form: ReportForm, answers: FormAnswers) -> Iterator[Finding]:
    for item in form.items:
        if item.kind is ItemKind.COUNTS:
            for v in count_values(answers.items.get(item.number)):
                problem = _bad_count(v.value, whole=True)
                if problem:
                    label = part_label(form, item.number, v.part)
                    yield _not_whole_finding(
                        answers.region, item.number, v.part, label, v.year, v.value, problem
                    )
    for table in form.tables:
        kinds = {c.number: c.cell for c in table.columns}
        for cell in table_cells(table, answers.items.get(table.key)):
            whole = kinds[cell.column] is not CellType.DECIMAL
            problem = "не число" if cell.value is None else _bad_count(cell.value, whole)
            if problem:
                shown = cell.value if cell.value is not None else str(cell.raw)
                row = f"строка {cell.row + 1}"
                yield _not_whole_finding(answers.region, cell.column, row, row, cell.year, shown, problem)


def _not_whole_finding(
    region: str, item: str, part: str, label: str, year: int | None, value: Number | str, problem: str
) -> Finding:
    shown = fmt_number(value) if not isinstance(value, str) else f"«{value}»"
    where = f" ({label})" if label else ""
    when = f" за {year} год" if year else ""
    return Finding(
        COUNT_NOT_WHOLE.code,
        region,
        item,
        f"п. {item}{where}{when}: {problem} значение {shown}",
        part=part,
        year=year,
        value=value,
    )


def _parts_exceed(form: ReportForm, answers: FormAnswers) -> Iterator[Finding]:
    for rule in PART_WHOLE:
        years = item_years(form, form.item(rule.parts_item))
        for year in years:
            whole = count_of(answers, rule.whole_item, rule.whole_part, year)
            parts = [count_of(answers, rule.parts_item, p, year) for p in rule.parts]
            given = [p for p in parts if p is not None]
            if whole is None or not given:
                continue
            total = sum(given, start=0)
            if total > whole:
                whole_name = f"п. {rule.whole_item}" + (" (всего)" if rule.whole_part else "")
                yield Finding(
                    PARTS_EXCEED_TOTAL.code,
                    answers.region,
                    rule.parts_item,
                    f"сумма частей п. {rule.parts_item} за {year} год — {fmt_number(total)}, больше, чем "
                    f"{whole_name} — {fmt_number(whole)}",
                    year=year,
                    value=total,
                    compared_with=whole,
                )


def _year_jumps(form: ReportForm, answers: FormAnswers) -> Iterator[Finding]:
    for item in form.items:
        if item.kind is ItemKind.COUNTS:
            year, before = item_years(form, item)
            if before >= year:
                continue  # 12.5 asks for the next year's need, not for a change
            values = {(v.part, v.year): v.value for v in count_values(answers.items.get(item.number))}
            for part in dict.fromkeys(p for p, _ in values):
                jump = _jump(values.get((part, year)), values.get((part, before)))
                if jump:
                    label = part_label(form, item.number, part)
                    yield _jump_finding(
                        answers.region, item.number, (part, label), (year, before), values, jump
                    )
    for table in form.tables:
        counts = [c for c in table.columns if c.cell is CellType.COUNTS]
        for column in counts:
            year, before = item_years(form, column)
            sums: dict[int | None, Number] = {}
            for cell in table_cells(table, answers.items.get(table.key)):
                if cell.column == column.number and cell.value is not None:
                    sums[cell.year] = sums.get(cell.year, 0) + cell.value
            jump = _jump(sums.get(year), sums.get(before))
            if jump:
                values = {("", year): sums[year], ("", before): sums[before]}
                yield _jump_finding(answers.region, column.number, ("", ""), (year, before), values, jump)


def _jump(current: Number | None, previous: Number | None) -> float | None:
    """The change as a share of the year before when it is a jump (≥ ×3) or a fall (≥ 70 %)."""
    if current is None or previous is None or previous < JUMP_BASE:
        return None
    if current >= JUMP_FACTOR * previous or current <= (1 - DROP_SHARE) * previous:
        return float(current - previous) / float(previous)
    return None


def _jump_finding(
    region: str,
    item: str,
    part: tuple[str, str],
    years: tuple[int, int],
    values: dict[tuple[str, int], Number],
    share: float,
) -> Finding:
    (key, label), (year, before) = part, years
    current, previous = values[(key, year)], values[(key, before)]
    where = f" ({label})" if label else ""
    return Finding(
        YEAR_JUMP.code,
        region,
        item,
        f"п. {item}{where}: {year} год — {fmt_number(current)}, {before} год — {fmt_number(previous)} "
        f"({fmt_percent(share, signed=True)})",
        part=key,
        year=year,
        value=current,
        compared_with=previous,
    )
