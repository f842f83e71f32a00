"""Quarantined mail: replies the intake could not take, each awaiting the coordinator's decision.

`l` releases the selected message (its attachments are submitted to the obligation it names, with the
details the reply gave), `z` drops it with a reason. A message that names no obligation, or whose
details do not read, is released from the command line (`eci intake release ID --obligation … --kind …`).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding

from domain.intake.record import MailRecord
from domain.moscow import MOSCOW
from tui.actions import ActionKind, ActionRequest
from tui.format import truncate
from tui.screens.dialogs import ConfirmDialog, ReasonDialog
from tui.screens.lists import ListScreen, Row


class MailQuarantineScreen(ListScreen):
    """The intake's quarantine, oldest first."""

    BINDINGS = [
        Binding("l", "release", "Передать"),
        Binding("z", "drop", "Закрыть"),
        Binding("enter", "open", "Обязательство", show=False),
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
            f" · ждут решения: {count} · l передать по обязательству, z закрыть",
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
                    truncate(r.reason or "", 120),
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

    def selected_obligation(self) -> str | None:
        record = self.selected_mail()
        return record.obligation if record is not None else None

    def action_release(self) -> None:
        """Release the selected message to the obligation it names, after confirmation."""
        record = self.selected_mail()
        if record is None:
            self.say("Выберите письмо.", error=True)
            return
        if record.obligation is None:
            self.say(
                f"Письмо {record.short_id} не называет обязательство: "
                f"eci intake release {record.short_id} --obligation …",
                error=True,
            )
            return
        request = ActionRequest(ActionKind.RELEASE_MAIL, record.obligation, mail_id=record.short_id)
        question = (
            f"Передать письмо {record.short_id} от {record.sender} по обязательству {record.obligation}?"
        )
        self.app.push_screen(
            ConfirmDialog(question, "Передать"), lambda ok: self._confirmed(request) if ok else None
        )

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
