"""What every screen shares: the app's data, opening an obligation, and the four actions with confirmation."""

from __future__ import annotations

from typing import Any, cast

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from domain.obligation.states import ObligationState
from tui.actions import ACTION_LABELS_RU, DONE_LABELS_RU, ActionKind, ActionRequest, refusal
from tui.app_port import TrackerApp
from tui.screens.dialogs import ConfirmDialog, ExtendDialog, ReasonDialog
from tui.screens.navigation import OpenObligation

ACTION_BINDINGS = [
    Binding("a", "act('accept')", "Принять"),
    Binding("x", "act('return')", "Вернуть"),
    Binding("w", "act('waive')", "Освободить"),
    Binding("e", "act('extend')", "Продлить"),
]


class EciScreen(Screen[None]):
    """A screen of the tracker: reads `self.eci.book`, redraws when the data changes."""

    @property
    def eci(self) -> TrackerApp:
        """The app, typed by what screens may read of it."""
        return cast(TrackerApp, self.app)

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self._data_changed, init=False)

    def _data_changed(self, _version: int) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Redraw from `self.eci.book` (override)."""

    def selected_obligation(self) -> str | None:
        """The obligation the actions apply to (override)."""
        return None

    def message_line(self) -> Static | None:
        """Where action outcomes and errors appear (override)."""
        return None

    def say(self, text: str, *, error: bool = False) -> None:
        """Show an outcome in place, or as a notification when the screen has no message line."""
        line = self.message_line()
        if line is None:
            self.notify(text, severity="error" if error else "information")
            return
        line.update(text)
        line.display = bool(text)
        line.set_class(error, "error")

    def open_obligation(self, obligation_id: str) -> None:
        """Open the detail screen of an obligation."""
        self.post_message(OpenObligation(obligation_id))

    def action_act(self, kind_name: str) -> None:
        """Start accept / return / waive / extend on the selected obligation, after a dialog."""
        kind = ActionKind(kind_name)
        oid = self.selected_obligation()
        if oid is None:
            self.say("Выберите обязательство.", error=True)
            return
        status = self.eci.book.get(oid)
        if status is None:
            self.say(f"Обязательство {oid} не найдено.", error=True)
            return
        why_not = refusal(kind, status.state)
        if why_not:
            self.say(f"Нельзя {ACTION_LABELS_RU[kind]} {oid}: {why_not}.", error=True)
            return
        who = self.eci.catalog.participant_label(status.participant)
        title = f"{ACTION_LABELS_RU[kind].capitalize()}: {oid} — {who}"
        seen = status.version  # the version shown: the action is signed for it
        if kind is ActionKind.ACCEPT:
            self.app.push_screen(ConfirmDialog(f"{title}?", "Принять"), lambda ok: self._confirmed(
                ActionRequest(kind, oid, seen_version=seen)) if ok else None)
        elif kind is ActionKind.EXTEND:
            self.app.push_screen(ExtendDialog(title, status.due), lambda r: self._confirmed(
                ActionRequest(kind, oid, reason=r[1], due=r[0], seen_version=seen)) if r else None)
        else:
            label = "Вернуть" if kind is ActionKind.RETURN else "Освободить"
            self.app.push_screen(ReasonDialog(title, label), lambda reason: self._confirmed(
                ActionRequest(kind, oid, reason=reason, seen_version=seen)) if reason else None)

    def _confirmed(self, request: ActionRequest) -> None:
        self.say(f"Выполняется: {ACTION_LABELS_RU[request.kind]} {request.obligation_id}…")
        self.run_worker(self._perform(request), group="action", exclusive=True)

    async def _perform(self, request: ActionRequest) -> None:
        try:
            await self.eci.perform(request)
        except Exception as exc:  # noqa: BLE001 - every failure is shown in place, in one line
            self.say(f"Ошибка: {request.obligation_id}: {_one_line(exc)}", error=True)
            return
        self.say(f"Готово: {request.obligation_id} — {DONE_LABELS_RU[request.kind]}.")


def _one_line(exc: BaseException) -> str:
    """The failure's Russian line (its short summary where it has one); an unforeseen one says so."""
    text = str(getattr(exc, "ru", None) or exc).strip().splitlines()
    if isinstance(exc, ValueError | RuntimeError) or type(exc).__name__ in ("EciError", "DomainError"):
        return text[0] if text else "непредвиденная ошибка"
    return f"непредвиденная ошибка: «{text[0]}»" if text else "непредвиденная ошибка"


def state_of(screen: EciScreen, obligation_id: str) -> ObligationState | None:
    """The current state of an obligation, from the app's book."""
    status: Any = screen.eci.book.get(obligation_id)
    return status.state if status is not None else None
