"""The key line at the bottom of every screen: the screen's keys and what they do, drawn as one text.

Textual's `Footer` mounts a widget per key and recomposes them whenever the focus or the screen
changes; opening an obligation spent most of its time there. This widget only repaints one line.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


class KeyBar(Widget):
    """The active bindings shown by the screen (`show=True`), one per action, cut at the right edge."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--disabled"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
    KeyBar > .key-bar--disabled { color: $text-disabled; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's own parameter name
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of each shown key, for clicks
        self._line: tuple[int, Strip] | None = None  # (width, the drawn line) until the bindings change

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self._line = None
        self.refresh()

    def notify_style_update(self) -> None:
        self._line = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._line is None or self._line[0] != width:
            self._line = (width, self._draw(width))
        return self._line[1]

    def _draw(self, width: int) -> Strip:
        base = self.rich_style
        key_style = base + self.get_component_rich_style("key-bar--key", partial=True)
        disabled = base + self.get_component_rich_style("key-bar--disabled", partial=True)
        segments: list[Segment] = []
        spans: list[tuple[int, int, str]] = []
        seen: set[str] = set()
        at = 0
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            # As Textual's compact footer reads in a terminal: `? Справка q Выход / Поиск`.
            key = self.app.get_key_display(binding)
            label = f" {binding.description} "
            segments += [Segment(key, key_style if enabled else disabled),
                         Segment(label, base if enabled else disabled)]
            end = at + cell_len(key) + cell_len(label)
            spans.append((at, end, binding.key))
            at = end
        self._spans = spans
        return Strip(segments).crop_extend(0, width, base)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
