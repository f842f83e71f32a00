"""One held message, read in full: headers, envelope, attachments (size, type, SHA-256), text, reason."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.mail_view import MailView, mail_lines


class MailMessageScreen(Screen[None]):
    """The message as text; escape or q returns to the quarantine."""

    BINDINGS = [Binding("escape,q", "back", "Назад")]

    def __init__(self, view: MailView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("\n".join(mail_lines(self.view)), id="mail-text", markup=False)

    def action_back(self) -> None:
        """Back to the list."""
        self.app.pop_screen()
