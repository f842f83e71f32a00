"""Held mail: replies the intake could not take, and requests for a new due date, each awaiting the
coordinator's decision.

Enter opens the message (headers, envelope, text, files with size, type and SHA-256, the reason). `l`
releases it: a dialog asks for the obligation (filled in when the message names one) and, where the
message's own do not read, the document's details. `z` drops it with a reason. An extension request is
granted with `g` (the due date moves through the workflow) or declined with `n` and a reason mailed back.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding

from domain.intake.record import IntakeOutcome, MailRecord
from domain.moscow import MOSCOW
from tui.actions import ActionKind, ActionRequest
from tui.format import truncate
from tui.screens.dialogs import ConfirmDialog, ReasonDialog
from tui.screens.lists import ListScreen, Row
from tui.screens.mail_message import MailMessageScreen
from tui.screens.release_dialog import Release, ReleaseDialog


def _what(record: MailRecord) -> str:
    if record.outcome is IntakeOutcome.EXTENSION_REQUESTED and record.extension_until is not None:
        return f"просит перенести срок на {record.extension_until:%d.%m.%Y}: {record.reason or ''}"
    return record.reason or ""


class MailQuarantineScreen(ListScreen):
    """The intake's quarantine, oldest first."""

    BINDINGS = [
        Binding("l", "release", "Передать"),
        Binding("z", "drop", "Закрыть"),
        Binding("g", "grant", "Перенести срок"),
        Binding("n", "decline", "Отклонить перенос"),
        Binding("enter", "read", "Открыть письмо"),
    ]
    columns = (("Письмо", 12), ("Получено", 16), ("От", 26), ("Обязательство", 13), ("Причина", None))

    def __init__(self) -> None:
        super().__init__()
        self._records: list[MailRecord] | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self.load()

    @work(thread=True, exclusive=True, group="quarantine")
    def load(self) -> None:
        """Read the quarantine (worker thread)."""
        source = self.eci.source
        records = source.quarantine() if hasattr(source, "quarantine") else []
        self.app.call_from_thread(self._loaded, records)

    def _loaded(self, records: list[MailRecord]) -> None:
        self._records = records
        super().refresh_data()

    def refresh_data(self) -> None:
        if self._records is not None:
            self.load()  # new mail or a decision elsewhere changes the list

    def heading(self) -> Text:
        count = len(self._records or [])
        return Text.assemble(
            ("Почта в карантине", "bold"),
            f" · ждут решения: {count} · Enter открыть, l передать, z закрыть, g/n перенос срока",
        )

    def rows(self) -> list[Row]:
        return [
            (
                f"mail:{r.sha256}",
                (
                    r.short_id,
                    f"{r.received_at.astimezone(MOSCOW):%d.%m.%Y %H:%M}",
                    truncate(r.sender or "—", 26),
                    r.obligation or "—",
                    truncate(_what(r), 120),
                ),
            )
            for r in self._records or []
        ]

    def selected_mail(self) -> MailRecord | None:
        """The message under the cursor."""
        from textual.widgets import DataTable

        table = self.query_one("#rows", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        return next((r for r in self._records or [] if f"mail:{r.sha256}" == key), None)

    def current_key(self) -> str | None:
        record = self.selected_mail()
        return f"mail:{record.sha256}" if record is not None else None

    def selected_obligation(self) -> str | None:
        record = self.selected_mail()
        return record.obligation if record is not None else None

    def action_open(self) -> None:
        """Enter (the table's row selection) opens the message here, not its obligation."""
        self.action_read()

    def action_read(self) -> None:
        """Open the selected message (read in a parser process, then shown in full)."""
        record = self.selected_mail()
        if record is None:
            self.say("Выберите письмо.", error=True)
            return
        self.run_worker(self._read(record.short_id), group="read", exclusive=True)

    async def _read(self, short_id: str) -> None:
        try:
            view = await self.eci.perform(ActionRequest(ActionKind.READ_MAIL, "—", mail_id=short_id))
        except Exception as exc:  # noqa: BLE001 - shown in place, in Russian where the error has it
            self.say(f"Ошибка: {getattr(exc, 'ru', None) or exc}", error=True)
            return
        self.app.push_screen(MailMessageScreen(view))

    def action_release(self) -> None:
        """Release the selected message: the dialog asks for the obligation and any missing details."""
        record = self.selected_mail()
        if record is None:
            self.say("Выберите письмо.", error=True)
            return
        if record.outcome is IntakeOutcome.EXTENSION_REQUESTED:
            self.say(
                f"Письмо {record.short_id} — просьба о переносе срока: g согласовать, n отклонить.",
                error=True,
            )
            return
        title = f"Передать письмо {record.short_id} от {record.sender}"

        def chosen(result: Release | None) -> None:
            if result is not None:
                obligation, details = result
                self._confirmed(
                    ActionRequest(
                        ActionKind.RELEASE_MAIL, obligation, mail_id=record.short_id, details=details
                    )
                )

        self.app.push_screen(ReleaseDialog(title, record.obligation, record.short_id), chosen)

    def _extension(self) -> MailRecord | None:
        record = self.selected_mail()
        if record is None or record.outcome is not IntakeOutcome.EXTENSION_REQUESTED:
            self.say("Выберите просьбу о переносе срока.", error=True)
            return None
        return record

    def action_grant(self) -> None:
        """Move the due date as the official asked, after confirmation."""
        record = self._extension()
        if record is None or record.obligation is None or record.extension_until is None:
            return
        request = ActionRequest(ActionKind.GRANT_EXTENSION, record.obligation, mail_id=record.short_id)
        question = (
            f"Перенести срок по обязательству {record.obligation} на {record.extension_until:%d.%m.%Y} "
            f"по просьбе {record.sender}?"
        )
        self.app.push_screen(
            ConfirmDialog(question, "Перенести"), lambda ok: self._confirmed(request) if ok else None
        )

    def action_decline(self) -> None:
        """Decline the request with a reason that is mailed to the official."""
        record = self._extension()
        if record is None:
            return
        title = f"Отклонить перенос срока по обязательству {record.obligation} (причина уйдёт участнику)"
        self.app.push_screen(
            ReasonDialog(title, "Отклонить"),
            lambda reason: self._confirmed(ActionRequest(
                ActionKind.DECLINE_EXTENSION, record.obligation or "—", reason=reason, mail_id=record.short_id
            )) if reason else None,
        )  # fmt: skip

    def action_drop(self) -> None:
        """Drop the selected message with a reason."""
        record = self.selected_mail()
        if record is None:
            self.say("Выберите письмо.", error=True)
            return
        title = f"Закрыть письмо {record.short_id} от {record.sender}"
        self.app.push_screen(
            ReasonDialog(title, "Закрыть"),
            lambda reason: (
                self._confirmed(
                    ActionRequest(
                        ActionKind.DROP_MAIL, record.obligation or "—", reason=reason, mail_id=record.short_id
                    )
                )
                if reason
                else None
            ),
        )

    async def _perform(self, request: ActionRequest) -> None:
        await super()._perform(request)
        self.load()
