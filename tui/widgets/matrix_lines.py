"""The matrix's drawn pieces: cell glyphs, row labels and column headings as Rich segments."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style

from tui.format import truncate
from tui.glyphs import CellKind, look_of
from tui.matrix_model import MatrixRow

DIMMED = "grey35"
NO_CONTACT_MARK = "*"  # after the name of a participant without a usable contact (legend: header, help)
NO_CONTACT_STYLE = Style.parse("bold yellow")
GROUP_STYLE = Style.parse("bold reverse")


@lru_cache(maxsize=64)
def cell_segment(kind: CellKind, width: int, dimmed: bool) -> Segment:
    """The glyph of a cell, centred in its column, coloured by kind (grey when filtered out)."""
    look = look_of(kind)
    return Segment(look.glyph.center(width), Style.parse(DIMMED if dimmed else look.style))


def label_segments(row: MatrixRow, width: int) -> list[Segment]:
    """A row's label: a district heading in reverse, or a participant with its no-contact mark."""
    if row.is_group:
        text = row.label if len(row.label) <= width else row.short_label or row.label
        return [Segment(truncate(text, width).ljust(width), GROUP_STYLE)]
    if not row.no_contact:
        return [Segment(truncate(row.label, width).ljust(width))]
    name = truncate(row.label, width - 2)
    return [Segment(name), Segment(f" {NO_CONTACT_MARK}", NO_CONTACT_STYLE),
            Segment(" " * max(0, width - len(name) - 2))]


class Styles(NamedTuple):
    """The widget's styles for one paint."""

    base: Style
    header: Style
    header_cursor: Style
    cursor: Style


def heading_lines(measures: tuple[int, ...], width: int) -> list[list[str]]:
    """Column headings per header line: two-digit numbers in two-character columns go tens over units."""
    if width > 2:
        return [[str(n).center(width) for n in measures]]
    tens = [f"{n // 10 or ' '}".center(width) for n in measures]
    return [tens, [str(n % 10).center(width) for n in measures]]
