"""The region report in Markdown, HTML and DOCX."""

from __future__ import annotations

import datetime as dt
import io
from html import escape

from reports.formats import RegionReportFormat
from reports.region_report import ItemAnswer, RegionReport, TableAnswer
from reports.render_html import html_document
from reports.render_text import md_escape


def provenance(report: RegionReport) -> list[str]:
    """What the report states about its source."""
    lines = [f"Субъект: {report.region} {report.region_name} ({report.federal_district})"]
    if report.submission:
        ref = report.submission
        by = f", представил: {ref.by}" if ref.by else ""
        event = f"событие № {ref.position} от {ref.submitted_at}"
        lines.append(f"Ответы формы: версия {ref.version}, {event}{by}")
        if len(report.versions) > 1:
            history = "; ".join(
                f"версия {v.version} от {v.submitted_at}" + (f" ({v.by})" if v.by else "")
                for v in report.versions
            )
            lines.append(f"Версии формы: {history}; показана последняя")
    else:
        lines.append("Ответы формы не представлены")
    if report.form_note:
        lines.append(report.form_note)
    lines.append(f"Построен по журналу событий (position:hash): {report.head}")
    return lines


def render_region_markdown(report: RegionReport) -> str:
    """Markdown: one heading per measure, items as paragraphs, tables as tables."""
    out = [f"# {report.title}\n", "\n".join(f"- {line}" for line in provenance(report)) + "\n"]
    for section in report.sections:
        out.append(f"## {section.measure}. {md_escape(section.title)}\n")
        for entry in section.entries:
            if isinstance(entry, ItemAnswer):
                out.append(f"**{entry.number}** {md_escape(entry.question)}\n")
                body = entry.lines
                out.append("\n".join(f"> {md_escape(line)}  " for line in body) + "\n")
            else:
                out.append(_md_table(entry))
    return "\n".join(out)


def _md_table(table: TableAnswer) -> str:
    lines = ["| " + " | ".join(md_escape(h) for h in table.headers) + " |"]
    lines.append("|" + "|".join("---" for _ in table.headers) + "|")
    lines.extend("| " + " | ".join(md_escape(c) for c in row) + " |" for row in table.rows)
    return "\n".join(lines) + "\n"


def render_region_html(report: RegionReport) -> str:
    """Printable self-contained HTML."""
    sections = []
    for section in report.sections:
        parts = []
        for entry in section.entries:
            if isinstance(entry, ItemAnswer):
                body = "<br>".join(escape(x) for x in entry.lines)
                parts.append(
                    f"<p><b>{escape(entry.number)}</b> {escape(entry.question)}</p>"
                    f"<blockquote>{body}</blockquote>"
                )
            else:
                parts.append(_html_table(entry))
        sections.append((f"{section.measure}. {section.title}", "\n".join(parts)))
    return html_document(report.title, provenance(report), sections)


def _html_table(table: TableAnswer) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in table.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


_FIXED_TIME = dt.datetime(2000, 1, 1)  # noqa: DTZ001 - document metadata kept constant for stable bytes


def render_region_docx(report: RegionReport) -> bytes:
    """A Word document laid out like the form: headings per measure, item paragraphs, tables."""
    from docx import Document

    doc = Document()
    doc.core_properties.created = _FIXED_TIME
    doc.core_properties.modified = _FIXED_TIME
    doc.core_properties.author = "eci"
    doc.add_heading(report.title, level=1)
    for line in provenance(report):
        doc.add_paragraph(line)
    for section in report.sections:
        doc.add_heading(f"{section.measure}. {section.title}", level=2)
        for entry in section.entries:
            if isinstance(entry, ItemAnswer):
                para = doc.add_paragraph()
                para.add_run(f"{entry.number} ").bold = True
                para.add_run(entry.question)
                for line in entry.lines:
                    doc.add_paragraph(line)
            else:
                grid = doc.add_table(rows=1, cols=len(entry.headers))
                grid.style = "Table Grid"
                for cell, header in zip(grid.rows[0].cells, entry.headers, strict=True):
                    cell.text = header
                for row in entry.rows:
                    for cell, value in zip(grid.add_row().cells, row, strict=True):
                        cell.text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_region(report: RegionReport, fmt: RegionReportFormat) -> bytes:
    """The region report's bytes in the chosen format."""
    if fmt is RegionReportFormat.DOCX:
        return render_region_docx(report)
    if fmt is RegionReportFormat.HTML:
        return render_region_html(report).encode()
    return render_region_markdown(report).encode()
