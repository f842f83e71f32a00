"""What python-docx leaves to raw WordprocessingML: a contents field, table heads repeated on every page,
landscape sections, and paragraphs and tables written as elements.

The summary has thousands of paragraphs and table cells. python-docx's `add_paragraph` and `add_table`
look for the body's last element on every call, its `add_run(text)` reads text a character at a time,
and each style lookup walks the styles part: together most of the document's build time. Here body
elements go in just before the final section properties, styles are named by id, and text is set whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

TABLE_FONT_HALF_POINTS = 16  # 8 pt
# Style ids of python-docx's default template (a style's id is its name without spaces).
HEADING = {1: "Heading1", 2: "Heading2", 3: "Heading3"}
LIST_BULLET = "ListBullet"
TABLE_GRID = "TableGrid"


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
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _field_char(paragraph: Any, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _place(document: Any, element: Any) -> None:
    """Put a body element last, before the document's final section properties."""
    body = document.element.body
    final = body.find(qn("w:sectPr"))
    if final is None:
        body.append(element)
    else:
        final.addprevious(element)


def _runs(parts: Sequence[tuple[str, bool]], size: int | None = None) -> list[Any]:
    """`w:r` elements for (text, bold) parts, a line break for each newline."""
    runs = []
    for text, bold in parts:
        for n, line in enumerate(text.split("\n")):
            run = OxmlElement("w:r")
            if bold or size:
                properties = OxmlElement("w:rPr")
                if bold:
                    properties.append(OxmlElement("w:b"))
                if size:
                    size_element = OxmlElement("w:sz")
                    size_element.set(qn("w:val"), str(size))
                    properties.append(size_element)
                run.append(properties)
            if n:
                run.append(OxmlElement("w:br"))
            element = OxmlElement("w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = line
            run.append(element)
            runs.append(run)
    return runs


def _paragraph(
    parts: Sequence[tuple[str, bool]],
    style: str | None = None,
    *,
    size: int | None = None,
    tight: bool = False,
) -> Any:
    paragraph = OxmlElement("w:p")
    if style or tight:
        properties = OxmlElement("w:pPr")
        if style:
            style_element = OxmlElement("w:pStyle")
            style_element.set(qn("w:val"), style)
            properties.append(style_element)
        if tight:
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:after"), "0")
            properties.append(spacing)
        paragraph.append(properties)
    for run in _runs(parts, size):
        paragraph.append(run)
    return paragraph


def add_text(document: Any, parts: Sequence[tuple[str, bool]], style: str | None = None) -> None:
    """A paragraph of (text, bold) parts, in a paragraph style given by id."""
    _place(document, _paragraph(parts, style))


def add_heading(document: Any, text: str, level: int) -> None:
    """A heading of level 1–3 (the contents field lists levels 1 and 2)."""
    _place(document, _paragraph([(text, False)], HEADING[level]))


def add_table(document: Any, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A grid table in a small font whose head row Word repeats at the top of every page it runs onto."""
    table = OxmlElement("w:tbl")
    properties = OxmlElement("w:tblPr")
    style = OxmlElement("w:tblStyle")
    style.set(qn("w:val"), TABLE_GRID)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), "5000")
    width.set(qn("w:type"), "pct")
    properties.extend([style, width])
    grid = OxmlElement("w:tblGrid")
    for _ in headers:
        grid.append(OxmlElement("w:gridCol"))
    table.extend([properties, grid, _row(headers, head=True)])
    for values in rows:
        table.append(_row(values, head=False))
    _place(document, table)


def _row(values: Sequence[str], *, head: bool) -> Any:
    row = OxmlElement("w:tr")
    if head:
        properties = OxmlElement("w:trPr")
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
        row.append(properties)
    for text in values:
        cell = OxmlElement("w:tc")
        cell.append(_paragraph([(text, head)], size=TABLE_FONT_HALF_POINTS, tight=True))
        row.append(cell)
    return row


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
