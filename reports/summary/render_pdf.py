"""The summary as PDF: WeasyPrint lays out the HTML page by its print rules (A4, landscape named pages)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from reports.summary.pictures import Picture
from reports.summary.render_html import render_summary_html
from reports.summary.report import Summary


def pdf_document(summary: Summary, pictures: Mapping[str, Picture]) -> Any:
    """The laid-out document (its `pages` can be counted before writing)."""
    # WeasyPrint narrates every step and every SVG style it does not apply (matplotlib's inline styles,
    # drawn all the same) on its loggers, from its import on; a report command's stderr is for problems.
    for name in ("weasyprint", "weasyprint.progress", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    from weasyprint import HTML

    return HTML(string=render_summary_html(summary, pictures)).render()


def render_summary_pdf(summary: Summary, pictures: Mapping[str, Picture]) -> bytes:
    """The PDF's bytes; the fonts are embedded whole, which is much faster than subsetting them."""
    return bytes(pdf_document(summary, pictures).write_pdf(full_fonts=True))
