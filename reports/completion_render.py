"""The completion report in each output format."""

from __future__ import annotations

from reports.completion_model import CompletionReport
from reports.completion_views import completion_tables, provenance_lines
from reports.formats import CycleReportFormat
from reports.progress_chart import progress_svg
from reports.render_html import html_document, html_table
from reports.render_text import render_csv, render_markdown
from reports.render_xlsx import render_xlsx


def render_completion(report: CompletionReport, fmt: CycleReportFormat) -> bytes:
    """The report's bytes in the chosen format (text formats in UTF-8)."""
    tables = completion_tables(report)
    lines = provenance_lines(report)
    if fmt is CycleReportFormat.XLSX:
        return render_xlsx(lines, tables)
    if fmt is CycleReportFormat.CSV:
        return render_csv(lines, tables).encode()
    if fmt is CycleReportFormat.MD:
        return render_markdown(report.title, lines[1:], tables).encode()
    chart = progress_svg(report.progress, report.overall.expected)
    sections = [("Динамика выполнения", chart)]
    sections += [(t.title, html_table(t)) for t in tables if t.key != "progress"]
    return html_document(report.title, lines[1:], sections).encode()
