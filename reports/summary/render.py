"""The summary's bytes in each format."""

from __future__ import annotations

import json

from reports.formats import SummaryFormat
from reports.summary.findings_json import findings_json
from reports.summary.pictures import pictures
from reports.summary.render_md import render_summary_markdown
from reports.summary.report import Summary


def render_summary(summary: Summary, fmt: SummaryFormat) -> bytes:
    """The summary in the chosen format (text formats in UTF-8)."""
    if fmt is SummaryFormat.MD:
        return render_summary_markdown(summary).encode()
    if fmt is SummaryFormat.HTML:
        from reports.summary.render_html import render_summary_html

        return render_summary_html(summary, pictures(summary, "svg", every_map=False)).encode()
    if fmt is SummaryFormat.PDF:
        from reports.summary.render_pdf import render_summary_pdf

        return render_summary_pdf(summary, pictures(summary, "svg", every_map=False))
    if fmt is SummaryFormat.DOCX:
        from reports.summary.render_docx import render_summary_docx

        return render_summary_docx(summary, pictures(summary, "png", every_map=False))
    from reports.summary.render_xlsx import render_summary_xlsx

    return render_summary_xlsx(summary)


def render_findings(summary: Summary) -> bytes:
    """The findings as JSON: a list of objects with stable English keys."""
    return (json.dumps(findings_json(summary), ensure_ascii=False, indent=2) + "\n").encode()
