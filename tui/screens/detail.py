"""One obligation: the measure's text and documents, dates, submissions, reminders, timeline; actions."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from domain.documents import DOCUMENT_KIND_LABELS_RU, DocumentKind
from domain.obligation.implementation import LATE_IMPLEMENTATION_RU
from domain.plan.calendar import PROVISIONAL_MARK_RU, is_provisional_effective_due
from tui.detail_model import (
    contact_line,
    dates_text,
    late_implementation,
    reminders,
    submitted_documents,
    timeline_lines,
)
from tui.format import days_text, fmt_date, fmt_moment
from tui.glyphs import kind_of, look_of
from tui.matrix_model import days_late
from tui.screens.base import ACTION_BINDINGS, EciScreen
from tui.source import TimelineEntry
from tui.widgets.key_bar import KeyBar
from tui.widgets.text_view import TextView


def open_with_desktop(path: Path) -> bool:
    """Open a file with the desktop's viewer when there is a desktop (not over a plain SSH session)."""
    import os
    import shutil
    import subprocess

    opener = shutil.which("xdg-open")
    if opener is None or not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return True


LIGHT_AFTER = 0.1  # seconds before the status is drawn without its history
LOADING = Text("\nЗагрузка истории…", style="dim")


class DetailScreen(EciScreen):
    """Everything about one obligation; a/x/w/e act on it."""

    BINDINGS = [*ACTION_BINDINGS, Binding("s", "save_documents", "Документы")]

    def __init__(self, obligation_id: str) -> None:
        super().__init__()
        self.obligation_id = obligation_id
        self.entries: Sequence[TimelineEntry] = ()
        self.full: Any = None
        self.history_read = False

    def compose(self) -> ComposeResult:
        # One line-drawn text for the whole obligation: a widget per section cost a layout pass each.
        yield TextView(id="detail")
        yield Static("", id="message")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.view.focus()
        self.load_timeline()
        # The events usually arrive within a frame or two: drawing the status alone first would only
        # compete with the read. Shown when the read takes longer.
        self.set_timer(LIGHT_AFTER, self._show_light)

    def _show_light(self) -> None:
        if not self.history_read:
            self.render_status()

    @property
    def view(self) -> TextView:
        return self.query_one("#detail", TextView)

    def message_line(self) -> Static:
        return self.query_one("#message", Static)

    def selected_obligation(self) -> str:
        return self.obligation_id

    def action_save_documents(self) -> None:
        """Copy the submitted documents out of the database (and open the first where a desktop is)."""
        if not hasattr(self.eci.source, "save_documents"):
            self.say("Документы недоступны в этом источнике данных.", error=True)
            return
        self.say("Документы сохраняются…")
        self.save_documents()

    @work(thread=True, exclusive=True, group="documents")
    def save_documents(self) -> None:
        """Write the documents to the export folder (worker thread)."""
        try:
            paths, missing = self.eci.source.save_documents(self.obligation_id, self.eci.export_dir)
        except Exception as exc:  # noqa: BLE001 - shown in place, in one line
            self.app.call_from_thread(self.say, f"Документы не сохранены: {exc}", error=True)
            return
        absent = f"; нет в базе: {len(missing)}" if missing else ""
        if not paths:
            text = f"Сохранено: 0{absent}." if missing else "Документы по обязательству не представлялись."
            self.app.call_from_thread(self.say, text, error=bool(missing))
            return
        opened = open_with_desktop(paths[-1])
        note = " (последний открыт)" if opened else ""
        where = paths[-1].parent
        self.app.call_from_thread(self.say, f"Сохранено документов: {len(paths)} в {where}{note}{absent}")

    def refresh_data(self) -> None:
        if self.obligation_id in self.eci.changed_ids:
            self.load_timeline()
        elif self.eci.changed_cycles is None:  # the contacts may have changed
            self.render_status()

    @work(thread=True, exclusive=True, group="timeline")
    def load_timeline(self) -> None:
        """Read the obligation's events (worker thread)."""
        try:
            full = self.eci.source.status(self.obligation_id)
            entries = self.eci.source.timeline(self.obligation_id)
        except Exception as exc:  # noqa: BLE001 - shown in place
            self.app.call_from_thread(self.say, f"Ошибка чтения истории: {exc}", error=True)
            return
        self.app.call_from_thread(self._show_timeline, full, entries)

    def _show_timeline(self, full: Any, entries: Sequence[TimelineEntry]) -> None:
        self.full = full
        self.entries = entries
        self.history_read = True
        self.render_status()

    def render_status(self) -> None:
        """Draw the whole obligation: status, measure, then documents, reminders and timeline once read."""
        status: Any = self.full or self.eci.book.get(self.obligation_id)
        if status is None:
            self.view.update(Text(f"Обязательство {self.obligation_id} не найдено в журнале."))
            return
        history = (
            Text.assemble(self._documents(), self._reminders(), self._timeline())
            if self.history_read
            else LOADING
        )
        self.view.update(Text.assemble(self._head(status), "\n", self._measure(status.measure), history))

    def _head(self, status: Any) -> Text:
        cat = self.eci.catalog
        look = look_of(kind_of(status.state))
        text = Text()
        text.append(f"Обязательство {self.obligation_id}\n", style="bold")
        text.append(f"Участник: {cat.participant_label(status.participant)} · цикл {status.cycle}\n")
        contact = contact_line(self.eci.contacts, status.participant)
        if contact is not None:
            text.append("Контакт: ")
            text.append(contact[0], style=contact[1])
            text.append("\n")
        text.append("Состояние: ")
        text.append(f"{look.glyph} {look.label}", style=look.style)
        late = days_late(status, self.eci.today())
        if late and not status.state.is_final:
            text.append(f" · срок прошёл {days_text(late)} назад", style="red")
        for part, style in dates_text(status):
            text.append(part, style=style)
        if is_provisional_effective_due(status.due):
            text.append(
                f" ({PROVISIONAL_MARK_RU}: производственный календарь года ещё не утверждён)", style="yellow"
            )
        if getattr(status, "extensions", 0):
            text.append(f" · продлений: {status.extensions}")
        for label, name in (
            ("Подано", "submitted_at"),
            ("Принято", "accepted_at"),
            ("Возвращено", "returned_at"),
            ("Освобождено", "waived_at"),
        ):
            if getattr(status, name, None):
                text.append(f"\n{label}: {fmt_moment(getattr(status, name))}")
        for label, name in (("Причина возврата", "return_reason"), ("Причина освобождения", "waive_reason")):
            if getattr(status, name, None):
                text.append(f"\n{label}: {getattr(status, name)}")
        if getattr(status, "escalated", False):
            text.append("\nЭскалировано федеральному координатору", style="bold red")
        if late_implementation(status):
            text.append(f"\nИсполнение: {LATE_IMPLEMENTATION_RU}", style="bold yellow")
            text.append(" (документ датирован позже срока реализации)", style="yellow")
        revisions = getattr(status, "revisions", 0)
        if revisions:
            version = getattr(status, "revised_form_version", None)
            when = getattr(status, "revised_at", None)
            text.append(
                f"\nНовая редакция ответа после решения: версия формы {version}"
                + (f" от {fmt_moment(when)}" if when else "")
                + " — решение сохраняется, сверьте ответ",
                style="bold magenta",
            )
        return text

    def _measure(self, number: int) -> Text:
        measure: Any = self.eci.catalog.measure(number)
        text = Text.assemble((f"\nМероприятие {number}\n", "bold underline"))
        if measure is None:
            return text
        text.append(f"{measure.title}\n")
        if getattr(measure, "deadline_text", None):
            text.append(f"Сроки реализации: {measure.deadline_text}\n")
        docs = getattr(measure, "documents", ())
        if docs:
            text.append("Требуемые документы:\n", style="bold")
            for d in docs:
                kind = DOCUMENT_KIND_LABELS_RU.get(d.kind, "") if isinstance(d.kind, DocumentKind) else ""
                text.append(f"  • {getattr(d, 'text', d)}" + (f" ({kind})" if kind else "") + "\n")
        if getattr(measure, "expected_result", None):
            text.append(f"Ожидаемый результат: {measure.expected_result}\n")
        return text

    def _documents(self) -> Text:
        docs = submitted_documents(self.entries)
        if not docs:
            return Text("\nПоданные документы: нет", style="bold")
        # Plain aligned lines rather than a Rich table: measuring a table's height on every layout
        # made opening an obligation several times slower.
        text = Text.assemble(("\nПоданные документы", "bold"))
        for d in docs:
            text.append(f"\n  {d.kind} № {d.number} от {fmt_date(d.date)} — {d.issuer}")
            if d.sha256 is None:
                text.append("\n    импортировано: файл в трекере не хранится", style="dim")
            else:
                text.append(f"\n    файл {d.filename}\n    SHA-256 {d.sha256}", style="dim")
        return text

    def _reminders(self) -> Text:
        sent = reminders(self.entries)
        text = Text.assemble((f"\nНапоминания: {len(sent)}", "bold"))
        for at, days in sent:
            before = f" — за {days_text(days)} до срока" if days is not None else ""
            text.append(f"\n  {fmt_moment(at)}{before}", style="")
        return text

    def _timeline(self) -> Text:
        lines = timeline_lines(self.entries)
        text = Text.assemble(("\nИстория событий", "bold"))
        who = max((len(line.actor) for line in lines), default=0)
        what = max((len(line.what) for line in lines), default=0)
        width = max(40, self.view.scrollable_content_region.width or self.size.width - 4)
        lead = 2 + 16 + 2 + who + 2 + what
        for line in lines:
            text.append(f"\n  {fmt_moment(line.occurred_at)}  ")
            text.append(line.actor.ljust(who), style="cyan")
            text.append("  ")
            text.append(line.what.ljust(what), style="bold")
            if line.details and lead + 2 + len(line.details) <= width:
                text.append(f"  {line.details}")
            elif line.details:  # too long for the line: under it, indented, rather than wrapped to column 0
                text.append(f"\n      {line.details}")
        return text
