"""Modal dialogs: confirmation, a reason, a new date with a reason, a date, and a choice from a list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.format import fmt_date, parse_date

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """Base: a bordered box in the middle; escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Отмена")]
    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical { width: 70; max-width: 100%; height: auto; border: thick $accent;
                        background: $surface; padding: 0 1; }
    Dialog .title { text-style: bold; width: 100%; }
    Dialog .error { color: $error; height: auto; }
    Dialog Horizontal { height: auto; align-horizontal: right; }
    Dialog Button { margin: 0 0 0 1; min-width: 10; }
    Dialog OptionList { max-height: 16; }
    """

    def action_cancel(self) -> None:
        """Close without a result."""
        self.dismiss(None)


class ConfirmDialog(Dialog[bool]):
    """Yes or no."""

    BINDINGS = [Binding("y,д", "confirm", "Да"), Binding("n,н", "cancel", "Нет")]

    def __init__(self, question: str, confirm_label: str = "Да") -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="title")
            with Horizontal():
                yield Button(self.confirm_label, variant="primary", id="yes")
                yield Button("Отмена", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def action_confirm(self) -> None:
        """Confirm."""
        self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ReasonDialog(Dialog[str]):
    """A reason, required; submitting it is the confirmation."""

    def __init__(self, title: str, confirm_label: str) -> None:
        super().__init__()
        self.title_text = title
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title")
            yield Label("Причина:")
            yield Input(id="reason", placeholder="обязательна")
            yield Static("", classes="error", id="error")
            with Horizontal():
                yield Button(self.confirm_label, variant="primary", id="ok")
                yield Button("Отмена", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def _submit(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.query_one("#error", Static).update("Укажите причину.")
            return
        self.dismiss(reason)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)


class ExtendDialog(Dialog[tuple[dt.date, str]]):
    """A new due date (after the current one) and a reason."""

    def __init__(self, title: str, current_due: dt.date) -> None:
        super().__init__()
        self.title_text = title
        self.current_due = current_due

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title")
            yield Label(f"Новый срок (сейчас {fmt_date(self.current_due)}), ДД.ММ.ГГГГ:")
            yield Input(id="due", placeholder="31.03.2024")
            yield Label("Причина:")
            yield Input(id="reason", placeholder="обязательна")
            yield Static("", classes="error", id="error")
            with Horizontal():
                yield Button("Продлить", variant="primary", id="ok")
                yield Button("Отмена", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#due", Input).focus()

    def _submit(self) -> None:
        error = self.query_one("#error", Static)
        try:
            due = parse_date(self.query_one("#due", Input).value)
        except ValueError as exc:
            error.update(str(exc))
            return
        if due <= self.current_due:
            error.update(f"Новый срок должен быть позже {fmt_date(self.current_due)}.")
            return
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            error.update("Укажите причину.")
            return
        self.dismiss((due, reason))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "due":
            self.query_one("#reason", Input).focus()
        else:
            self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)


class DateDialog(Dialog[dt.date]):
    """One date."""

    def __init__(self, title: str, default: dt.date) -> None:
        super().__init__()
        self.title_text = title
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title")
            yield Label("Дата, ДД.ММ.ГГГГ:")
            yield Input(value=fmt_date(self.default), id="date")
            yield Static("", classes="error", id="error")

    def on_mount(self) -> None:
        self.query_one("#date", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            self.dismiss(parse_date(event.value))
        except ValueError as exc:
            self.query_one("#error", Static).update(str(exc))


class ChoiceDialog(Dialog[str]):
    """Pick one of a list: (key, label) pairs; enter picks."""

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title")
            yield OptionList(*[Option(label, id=key) for key, label in self.choices], id="choices")

    def on_mount(self) -> None:
        options = self.query_one("#choices", OptionList)
        keys = [k for k, _ in self.choices]
        if self.current in keys:
            options.highlighted = keys.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
