"""Help: every key and the legend of glyphs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.glyphs import KIND_ORDER, look_of
from tui.widgets.matrix_lines import NO_CONTACT_MARK

KEYS = (
    ("стрелки", "перемещение по клеткам матрицы"),
    ("enter", "открыть обязательство"),
    ("/", "поиск региона или мероприятия"),
    ("f", "фильтр по состоянию"),
    ("d", "федеральный округ"),
    ("c", "отчётный цикл"),
    ("m", "мероприятие по всем регионам"),
    ("g", "регион по всем мероприятиям"),
    ("r", "очередь проверки"),
    ("o", "просроченные обязательства"),
    ("h", "матрица на прошедшую дату"),
    ("p", "почта в карантине: Enter открыть письмо, l передать, z закрыть, g/n перенос срока"),
    ("s", "сводка по формам субъектов за цикл: показатели и замечания; Enter — форма субъекта на пункте"),
    ("a", "принять поданные документы"),
    ("x", "вернуть на доработку (с причиной)"),
    ("w", "освободить (с причиной)"),
    ("e", "продлить срок (дата и причина)"),
    ("s", "в карточке: сохранить документы обязательства из базы (и открыть, где есть рабочий стол)"),
    ("?", "эта справка"),
    ("q", "назад; на матрице — выход"),
)


class HelpScreen(ModalScreen[None]):
    """Keys and legend; any of escape, q, ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Закрыть")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 64; max-width: 100%; height: auto; max-height: 100%;
                                  border: thick $accent; background: $surface; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        lines = ["[b]Клавиши[/b]"] + [f"  [b]{k:<8}[/b] {v}" for k, v in KEYS]
        lines.append("")
        lines.append("[b]Обозначения[/b]")
        for kind in KIND_ORDER:
            look = look_of(kind)
            lines.append(f"  [{look.style}]{look.glyph}[/] {look.label}")
        lines.append(f"  [b]{NO_CONTACT_MARK}[/b] после названия участника: нет контакта — уведомления")
        lines.append("    направляются координатору (контакты: eci contacts import ФАЙЛ.csv)")
        with VerticalScroll():
            yield Static("\n".join(lines).replace("[b]/[/b]", "[b]/[/b]"), markup=True)

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)
