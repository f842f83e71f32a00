"""Releasing a held message: the obligation and, where the message's own do not read, the document's
details (kind by the plan's Russian words, number, date ДД.ММ.ГГГГ, issuer). Left blank, the details are
the message's own."""

from __future__ import annotations

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from domain.documents import DOCUMENT_KIND_LABELS_RU, DocumentDetails, parse_document_kind
from domain.obligation.id import ObligationId
from tui.format import parse_date
from tui.screens.dialogs import Dialog

Release = tuple[str, DocumentDetails | None]


class ReleaseDialog(Dialog[Release]):
    """The obligation (filled in when the message names it) and, optionally, the details."""

    def __init__(self, title: str, obligation: str | None, short_id: str) -> None:
        super().__init__()
        self.title_text = title
        self.obligation = obligation or ""
        self.short_id = short_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title")
            yield Label("Обязательство (ГГГГ/ММ/КК):")
            yield Input(value=self.obligation, id="obligation", placeholder="2026/02/12")
            yield Label("Реквизиты — если в письме их нет или они неверны (иначе оставьте пустыми):")
            kinds = ", ".join(list(DOCUMENT_KIND_LABELS_RU.values())[:4])
            yield Input(id="kind", placeholder=f"вид: {kinds} …")
            yield Input(id="number", placeholder="номер")
            yield Input(id="date", placeholder="дата, ДД.ММ.ГГГГ")
            yield Input(id="issuer", placeholder="кем издан")
            yield Static("", classes="error", id="error")
            with Horizontal():
                yield Button("Передать", variant="primary", id="ok")
                yield Button("Отмена", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#obligation" if not self.obligation else "#kind", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def _details(self) -> DocumentDetails | None:
        given = {k: self._value(k) for k in ("kind", "number", "date", "issuer")}
        if not any(given.values()):
            return None
        if not all(given.values()):
            raise ValueError("Заполните все четыре реквизита или оставьте их пустыми.")
        kind = parse_document_kind(given["kind"])
        if kind is None:
            raise ValueError(f"Неизвестный вид документа «{given['kind']}»: например, приказ, постановление.")
        try:
            return DocumentDetails(
                kind=kind, number=given["number"], date=parse_date(given["date"]), issuer=given["issuer"]
            )
        except ValidationError:
            raise ValueError(
                "Номер и «кем издан» пишутся одной строкой, не длиннее 100 и 500 знаков."
            ) from None

    def _submit(self) -> None:
        error = self.query_one("#error", Static)
        obligation = self._value("obligation")
        if not obligation:
            error.update(f"Письмо {self.short_id} не называет обязательство: укажите его.")
            return
        try:
            ObligationId.parse(obligation)
        except Exception:  # noqa: BLE001 - any malformed id is one Russian line
            error.update(f"Нет такого обязательства: «{obligation}»; номер пишется как 2026/02/12.")
            return
        try:
            details = self._details()
        except ValueError as exc:
            text = str(exc)
            error.update(text if text[:1].isupper() else "Дата пишется как ДД.ММ.ГГГГ.")
            return
        self.dismiss((obligation, details))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)
