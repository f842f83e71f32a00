"""Search: type part of a region's name or code, or a measure's number or title; enter jumps there."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.catalog import Catalog
from tui.format import truncate
from tui.screens.dialogs import Dialog

LIMIT = 30


def search_hits(catalog: Catalog, participants: list[str], query: str) -> list[tuple[str, str]]:
    """(key, label) matches, exact codes and numbers first: `region:CODE` or `measure:N`."""
    q = query.strip().lower()
    if not q:
        return []
    exact: list[tuple[str, str]] = []
    partial: list[tuple[str, str]] = []
    number = q.lstrip("#№ ")
    for code in participants:
        label = catalog.participant_label(code)
        if code.lower() == q:
            exact.append((f"region:{code}", label))
        elif code.lower().startswith(q) or q in label.lower():
            partial.append((f"region:{code}", label))
    for m in catalog.measures:
        hit = (f"measure:{m.number}", f"Мероприятие {m.number}. {m.title}")
        if str(m.number) == number:
            exact.append(hit)
        elif q in m.title.lower():
            partial.append(hit)
    return (exact + partial)[:LIMIT]


class SearchDialog(Dialog[str]):
    """Incremental search over participants and measures."""

    def __init__(self, catalog: Catalog, participants: list[str]) -> None:
        super().__init__()
        self.catalog = catalog
        self.participants = participants

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Поиск: регион (код, название) или мероприятие (номер, слово)", classes="title")
            yield Input(id="query", placeholder="например: 77, Томская, 12, скрининг")
            yield OptionList(id="hits")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        hits = self.query_one("#hits", OptionList)
        hits.clear_options()
        hits.add_options([Option(truncate(label, 64), id=key)
                          for key, label in search_hits(self.catalog, self.participants, event.value)])
        if hits.option_count:
            hits.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        hits = self.query_one("#hits", OptionList)
        if hits.highlighted is not None and hits.option_count:
            self.dismiss(hits.get_option_at_index(hits.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def key_down(self) -> None:
        self.query_one("#hits", OptionList).action_cursor_down()

    def key_up(self) -> None:
        self.query_one("#hits", OptionList).action_cursor_up()
