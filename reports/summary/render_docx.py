"""The summary as a Word document ready to send: a title page, contents, numbered sections (the plan's
sections among them), charts as pictures, tables whose heads repeat on every page, landscape pages for
the wide tables, and the free-text answers in an appendix."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

from reports.summary.docx_kit import (
    LIST_BULLET,
    add_heading,
    add_table,
    add_text,
    contents_field,
    page_break,
    start_section,
)
from reports.summary.pictures import Picture
from reports.summary.report import Summary
from reports.summary.rule_catalog import RULES
from reports.summary.sections import section_blocks
from reports.summary.views import (
    completeness_counts,
    completeness_table,
    district_matrix,
    district_table,
    findings_table,
    key_table,
    presence_lines,
    provenance_lines,
)
from reports.tables import Table, format_cell

_FIXED_TIME = dt.datetime(2000, 1, 1)  # noqa: DTZ001 - document metadata kept constant for stable bytes


def render_summary_docx(summary: Summary, pictures: Mapping[str, Picture]) -> bytes:
    """The document's bytes; `pictures` are the PNG charts by key."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.created = _FIXED_TIME
    document.core_properties.modified = _FIXED_TIME
    document.core_properties.author = "eci"
    document.core_properties.title = summary.title
    document.styles["Normal"].font.size = Pt(10)
    headings = _outline(summary, pictures)
    _title_page(document, summary)
    add_heading(document, "Содержание", 1)
    contents_field(document, [h for h, _ in headings])
    for heading, write in headings:
        write(document, heading)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _outline(summary: Summary, pictures: Mapping[str, Picture]) -> list[tuple[str, Any]]:
    """(numbered heading, writer) of every part, in order."""
    parts: list[tuple[str, Any]] = [
        ("Ключевые показатели", lambda d, h: _key(d, h, summary, pictures)),
        ("Полнота и своевременность представления форм", lambda d, h: _completeness(d, h, summary)),
        ("Результаты проверки форм", lambda d, h: _findings(d, h, summary)),
        ("По федеральным округам", lambda d, h: _districts(d, h, summary)),
    ]
    for block in section_blocks(summary):
        parts.append((f"Раздел {block.section}. {block.title}", lambda d, h, b=block: _section(d, h, b)))
    numbered = [(f"{n}. {title}", write) for n, (title, write) in enumerate(parts, start=1)]
    numbered.append(("Приложение. Ответы в свободной форме", lambda d, h: _appendix(d, h, summary)))
    return numbered


def _title_page(document: Any, summary: Summary) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for _ in range(6):
        document.add_paragraph()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(summary.title)
    run.bold = True
    run.font.size = Pt(20)
    subtitle = document.add_paragraph(
        "Комплексный межведомственный план по совершенствованию ранней помощи детям и их семьям "
        "(№ СК-765/07/1 от 16.12.2022)"
    )
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(4):
        document.add_paragraph()
    for line in provenance_lines(summary):
        document.add_paragraph(line)
    page_break(document)


def _picture(document: Any, pictures: Mapping[str, Picture], key: str, width_cm: float = 16.5) -> None:
    from docx.shared import Cm

    picture = pictures.get(key)
    if picture is None:
        return
    document.add_picture(io.BytesIO(picture.png), width=Cm(width_cm))
    caption = document.add_paragraph(picture.title)
    caption.style = document.styles["Caption"]


def _table(document: Any, table: Table) -> None:
    rows = [[format_cell(v, c.kind) for v, c in zip(row, table.columns, strict=True)] for row in table.rows]
    add_table(document, [c.title for c in table.columns], rows)


def _key(document: Any, heading: str, summary: Summary, pictures: Mapping[str, Picture]) -> None:
    add_heading(document, heading, 1)
    _table(document, key_table(summary))
    for line in presence_lines(summary):
        add_text(document, [(line, False)], LIST_BULLET)
    for key in ("districts", "trend", "map-completeness"):
        _picture(document, pictures, key)
    for key in pictures:
        if key.startswith("map-") and key != "map-completeness":
            _picture(document, pictures, key)


def _completeness(document: Any, heading: str, summary: Summary) -> None:
    add_heading(document, heading, 1)
    add_text(document, [(completeness_counts(summary), False)])
    _table(document, completeness_table(summary))


def _findings(document: Any, heading: str, summary: Summary) -> None:
    add_heading(document, heading, 1)
    for rule in RULES:
        add_text(document, [(f"{rule.title} ({rule.code}). ", True), (rule.citation, False)], LIST_BULLET)
    table = findings_table(summary)
    add_heading(document, f"Замечания ({len(table.rows)})", 2)
    if table.rows:
        _table(document, table)
    else:
        add_text(document, [("Замечаний нет.", False)])


def _districts(document: Any, heading: str, summary: Summary) -> None:
    start_section(document, landscape=True)
    add_heading(document, heading, 1)
    _table(document, district_table(summary))
    add_heading(document, district_matrix(summary).title, 2)
    _table(document, district_matrix(summary))
    start_section(document, landscape=False)


def _section(document: Any, heading: str, block: Any) -> None:
    add_heading(document, heading, 1)
    number = heading.split(".")[0]
    for n, measure in enumerate(block.measures, start=1):
        add_heading(document, f"{number}.{n}. Мероприятие {measure.measure}. {measure.title}", 2)
        rows = [[line.number, line.label, line.value, line.note] for line in measure.lines]
        add_table(document, ["Пункт", "Показатель", "Значение", "Примечание"], rows)


def _appendix(document: Any, heading: str, summary: Summary) -> None:
    page_break(document)
    add_heading(document, heading, 1)
    for texts in summary.texts:
        if not texts.answers:
            continue
        add_heading(document, f"п. {texts.item}. {texts.question}", 3)
        for codes, text in texts.answers:
            who = ", ".join(summary.region_name(c) for c in codes) + ": "
            add_text(document, [(who, True), (text, False)])
