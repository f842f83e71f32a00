"""The summary as a workbook: the summary sheets, the findings, and the long table (region × item × year ×
value) for pivoting; every sheet set up for printing."""

from __future__ import annotations

from reports.render_xlsx import render_xlsx
from reports.summary.report import Summary
from reports.summary.rule_catalog import RULES
from reports.summary.sections import section_blocks
from reports.summary.views import (
    completeness_table,
    district_matrix,
    district_table,
    findings_table,
    key_table,
    long_table,
    presence_lines,
    provenance_lines,
)
from reports.tables import CellKind, Column, Table


def render_summary_xlsx(summary: Summary) -> bytes:
    """The workbook's bytes: «Сведения» first, then one sheet per view, the long table last."""
    lines = (summary.title, *provenance_lines(summary), *presence_lines(summary))
    lines += tuple(f"Правило «{r.title}» ({r.code}): {r.citation}" for r in RULES)
    tables = (
        key_table(summary),
        _short(district_table(summary), "По округам"),
        _short(district_matrix(summary), "Показатели по округам"),
        _short(completeness_table(summary), "Полнота"),
        _short(findings_table(summary), "Замечания"),
        _items(summary),
        long_table(summary),
    )
    return render_xlsx(lines, tables)


def _short(table: Table, title: str) -> Table:
    """The table under a sheet name short enough for Excel (31 characters)."""
    return Table(table.key, title, table.columns, table.rows)


def _items(summary: Summary) -> Table:
    columns = (
        Column("Раздел", CellKind.TEXT, 8),
        Column("Мероприятие", CellKind.INT, 12),
        Column("Пункт", CellKind.TEXT, 9),
        Column("Показатель", CellKind.TEXT, 60),
        Column("Значение", CellKind.TEXT, 40),
        Column("Примечание", CellKind.TEXT, 50),
    )
    rows = tuple(
        (block.section, measure.measure, line.number, line.label, line.value, line.note)
        for block in section_blocks(summary)
        for measure in block.measures
        for line in measure.lines
    )
    return Table("items", "Пункты формы", columns, rows)
