"""What python-docx leaves to raw WordprocessingML: a contents field, table heads repeated on every page,
landscape sections, compact tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

TABLE_FONT = Pt(8)


def contents_field(document: Any, entries: Sequence[str]) -> None:
    """A table of contents Word fills with page numbers when its fields are updated (it asks on opening);
    until then it shows `entries`, so the contents read right in any viewer."""
    paragraph = document.add_paragraph()
    _field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    paragraph.add_run()._r.append(instruction)
    _field_char(paragraph, "separate")
    for n, entry in enumerate(entries):
        run = paragraph.add_run(entry)
        if n < len(entries) - 1:
            run.add_break()
    _field_char(paragraph, "end")
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _field_char(paragraph: Any, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def repeat_header(row: Any) -> None:
    """Mark a table row as the head Word repeats at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def add_table(
    document: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float] | None = None,
) -> Any:
    """A grid table with a bold head repeated on every page, in a small font."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    head = table.rows[0]
    repeat_header(head)
    for cell, text in zip(head.cells, headers, strict=True):
        _cell_text(cell, text, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _cell_text(cell, text)
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = width
    return table


def _cell_text(cell: Any, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    append_runs(paragraph, [(text, bold)], size_half_points=int(TABLE_FONT.pt * 2))
    paragraph.paragraph_format.space_after = Pt(0)


def append_runs(
    paragraph: Any, parts: Sequence[tuple[str, bool]], size_half_points: int | None = None
) -> None:
    """Add (text, bold) runs to a paragraph, a line break for each newline.

    Written as elements directly: python-docx's `add_run(text)` inspects the text a character at a time,
    which made the free-text appendix (a million characters) most of the document's build time.
    """
    for text, bold in parts:
        for n, line in enumerate(text.split("\n")):
            run = OxmlElement("w:r")
            if bold or size_half_points:
                properties = OxmlElement("w:rPr")
                if bold:
                    properties.append(OxmlElement("w:b"))
                if size_half_points:
                    size = OxmlElement("w:sz")
                    size.set(qn("w:val"), str(size_half_points))
                    properties.append(size)
                run.append(properties)
            if n:
                run.append(OxmlElement("w:br"))
            element = OxmlElement("w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = line
            run.append(element)
            paragraph._p.append(run)


def start_section(document: Any, *, landscape: bool) -> Any:
    """A new page in portrait or landscape A4 orientation."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    wants_wide = landscape and width < height or not landscape and width > height
    if wants_wide:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    return section


def page_break(document: Any) -> None:
    """Start the next content on a new page."""
    from docx.enum.text import WD_BREAK

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
