"""What the matrix screen writes around the table: the empty-store note, the header lines, the layout."""

from __future__ import annotations

from rich.text import Text

from tui.format import days_text, fmt_count, fmt_date, fmt_share, truncate
from tui.glyphs import KIND_ORDER, CellKind, look_of
from tui.matrix_model import Cell, Matrix, MatrixRow
from tui.ports import StatusLike
from tui.widgets.matrix_lines import NO_CONTACT_MARK

EMPTY_STORE = (
    "Журнал событий пуст: обязательств пока нет.\n\n"
    "Заполните демонстрационные данные командой\n\n"
    "    eci demo\n\n"
    "(или откройте цикл: eci cycle open ГОД) — матрица появится здесь сама, без перезапуска."
)


def layout_for(width: int, columns: int) -> tuple[int, int]:
    """(row label width, column width): narrow columns and short names on small terminals."""
    column_width = 3 if width >= 40 + 3 * columns + 2 else 2
    label_width = max(14, min(44, width - 2 - column_width * columns))
    return label_width, column_width


SHORT_LABELS = {
    CellKind.OVERDUE: "просроч.", CellKind.SUBMITTED: "проверка", CellKind.RETURNED: "возвр.",
    CellKind.OPEN: "откр.", CellKind.ACCEPTED: "принято", CellKind.WAIVED: "освоб.",
}


def summary_text(matrix: Matrix, *, title: str, filters: str, width: int = 80, user: str = "") -> Text:
    """Two lines: cycle, total and on-time share (and who is signed in); then a count per state."""
    t = matrix.totals
    text = Text()
    head = f"{title} {matrix.cycle}"
    text.append(head, style="bold")
    rest = f" · обязательств {fmt_count(t.total)} · в срок {fmt_share(t.share_on_time)}"
    text.append(rest)
    if filters:
        room = max(0, width - 2 - len(head) - len(rest))
        text.append(truncate(f" · фильтр: {filters}", room), style="italic")
    if user:
        room = max(0, width - 2 - len(text.plain))
        text.append(truncate(f" · вход: {user}", room), style="dim")
    text.append("\n")
    kinds = [k for k in KIND_ORDER if k is not CellKind.NOT_APPLICABLE]
    for labels in ({k: look_of(k).label for k in kinds}, SHORT_LABELS, {k: "" for k in kinds}):
        parts = [(f"{look_of(k).glyph} {labels[k]} ".replace("  ", " "), f"{fmt_count(t.counts[k])}  ")
                 for k in kinds]
        used = sum(len(a) + len(b) for a, b in parts)
        if used <= width - 2:
            break
    for kind, (label, count) in zip(kinds, parts, strict=True):
        text.append(label, style=look_of(kind).style)
        text.append(count)
    if matrix.without_contact:
        # The legend of the row mark, with how many rows carry it: as long as the line has room for.
        flagged = fmt_count(matrix.without_contact)
        mark = next((m for m in (f"{NO_CONTACT_MARK} нет контакта ", f"{NO_CONTACT_MARK} без конт. ")
                     if used + len(m) + len(flagged) <= width - 2), f"{NO_CONTACT_MARK} ")
        text.append(mark, style="bold yellow")
        text.append(flagged)
    return text


def cell_info_text(
    row: MatrixRow, number: int, title: str, cell: Cell | None, status: StatusLike | None, *, width: int
) -> Text:
    """The two lines under the matrix describing the cell at the cursor."""
    text = Text()
    head = f"{row.label} × {number}. "
    text.append(truncate(head, width), style="bold")
    text.append(truncate(title, max(0, width - len(head))))
    text.append("\n")
    if cell is None or cell.obligation_id is None:
        text.append("мероприятие не применяется к этому участнику")
        return text
    look = look_of(cell.kind)
    text.append(f"{look.glyph} {look.label}", style=look.style)
    if status is not None:
        text.append(f" · срок {fmt_date(status.effective_due)}")
    if cell.days_late:
        text.append(f" · просрочка {days_text(cell.days_late)}")
    text.append(f" · {cell.obligation_id}")
    if row.no_contact:
        text.append(" · нет контакта", style="bold")
    return text
