"""The form's items summed, grouped as the report reads them: by section of the plan, then by measure,
each item as lines of «what» and «how much»."""

from __future__ import annotations

from dataclasses import dataclass

from domain.plan.catalog import get_measure
from domain.plan.types import SECTION_TITLES, Section
from reports.ru_numbers import fmt_number, fmt_percent
from reports.summary.model import ItemSummary, YesNoTotal
from reports.summary.report import Summary
from reports.summary.views import count_line

_MAX_NAMES = 30  # beyond this many regions a list is given as a count


@dataclass(frozen=True)
class ItemLine:
    """One line of an item's summary: the item's number, what is measured, the value, a note."""

    number: str
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class MeasureBlock:
    """The items reporting on one measure of the plan."""

    measure: int
    title: str
    lines: tuple[ItemLine, ...]


@dataclass(frozen=True)
class SectionBlock:
    """A section of the plan (I–VI) with its measures that the form asks about."""

    section: str
    title: str
    measures: tuple[MeasureBlock, ...]


def section_blocks(summary: Summary) -> tuple[SectionBlock, ...]:
    """The items in the plan's order: section, measure, item."""
    sections: dict[str, list[MeasureBlock]] = {}
    for form_section in summary.form.sections:
        items = [i for i in summary.items if i.measure == form_section.measure]
        lines = tuple(line for item in items for line in item_lines(summary, item))
        section = get_measure(form_section.measure).section.value
        sections.setdefault(section, []).append(MeasureBlock(form_section.measure, form_section.title, lines))
    return tuple(SectionBlock(k, SECTION_TITLES[Section(k)], tuple(v)) for k, v in sections.items())


def item_lines(summary: Summary, item: ItemSummary) -> list[ItemLine]:
    """How one item reads in the summary."""
    if item.counts:
        return [
            ItemLine(
                item.number,
                c.label if c.part else item.question,
                count_line(c.year, c.other_year, c.current, c.other, c.compares_previous),
                f"субъектов с ответом: {c.regions}",
            )
            for c in item.counts
        ]
    if item.shares:
        return [
            ItemLine(item.number, s.label if s.part else item.question, _share(s), _absent(summary, s))
            for s in item.shares
        ]
    if item.documents:
        d = item.documents
        value = f"документ указан у {len(d.with_document)} из {d.of} субъектов"
        value += f"; документов — {fmt_number(d.documents)}"
        return [ItemLine(item.number, item.question, value)]
    if item.table:
        lines = [
            ItemLine(
                item.number,
                item.question,
                f"строк — {fmt_number(item.table.rows)}, субъектов — {item.table.regions}",
                "перечни — в приложении",
            )
        ]
        for column in item.table.columns:
            year = f", {column.year}" if column.year else ""
            lines.append(ItemLine(column.column, column.label + year, fmt_number(column.total)))
        for choice in item.table.by_choice:
            lines.append(
                ItemLine(
                    choice.column,
                    f"в том числе {choice.choice}",
                    fmt_number(choice.total),
                    f"строк — {choice.rows}",
                )
            )
        return lines
    return [
        ItemLine(item.number, item.question, f"ответили {item.answered} субъектов", "ответы — в приложении")
    ]


def _share(share: YesNoTotal) -> str:
    return f"есть у {len(share.yes)} из {share.of} субъектов ({fmt_percent(share.share)})"


def _absent(summary: Summary, share: YesNoTotal) -> str:
    parts = []
    if share.no:
        parts.append("нет: " + _names(summary, share.no))
    if share.unanswered:
        parts.append("нет ответа: " + _names(summary, share.unanswered))
    return "; ".join(parts)


def _names(summary: Summary, codes: tuple[str, ...]) -> str:
    if len(codes) > _MAX_NAMES:
        return f"{len(codes)} субъектов"
    return ", ".join(summary.region_name(c) for c in codes)
