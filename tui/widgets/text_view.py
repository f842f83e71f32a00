"""A long Rich text shown line by line: wrapped once per width, only the visible lines painted.

The obligation screen's timeline can run to hundreds of lines; a `Static` re-renders and re-measures
all of it on every layout, this widget wraps it once and hands the compositor the lines on screen.
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.events import Resize
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


def line_strip(line: Text, console: Console) -> Strip:
    """One line of text as a strip, its own style under its spans (`Text.render` leaves it out)."""
    segments = line.render(console, end="")
    if line.style:
        segments = Segment.apply_style(segments, console.get_style(line.style))
    return Strip(list(segments), line.cell_len)


class TextView(ScrollView, can_focus=True):
    """Scrollable read-only text (arrows, page keys, home/end scroll it)."""

    DEFAULT_CSS = """
    TextView { overflow-x: hidden; overflow-y: scroll; }
    """

    def __init__(self, text: Text | None = None, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.text = text or Text()
        self._strips: list[Strip] = []
        self._wrapped_at = -1
        self._style = Style()

    @property
    def plain(self) -> str:
        """The text without styles."""
        return self.text.plain

    def update(self, text: Text) -> None:
        """Show another text (wrapped now if the width is known)."""
        self.text = text
        self._wrapped_at = -1
        self._wrap()
        self.refresh()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_at:
            return
        console = self.app.console
        strips: list[Strip] = []
        # Line by line: most lines fit and are rendered as they are; only the long ones are wrapped.
        for line in self.text.split("\n", allow_blank=True):
            parts = [line] if line.cell_len <= width else line.wrap(console, width)
            strips.extend(line_strip(part, console) for part in parts)
        self._strips = strips
        self._wrapped_at = width
        self.virtual_size = Size(width, len(strips))

    def on_resize(self, _event: Resize) -> None:
        self._wrap()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._style = self.rich_style  # once per paint rather than once per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        self._wrap()
        width = self.scrollable_content_region.width
        index = y + self.scroll_offset.y
        style = self._style
        if not 0 <= index < len(self._strips):
            return Strip([Segment(" " * width, style)], width)
        return self._strips[index].crop_extend(0, width, style).apply_style(style)
