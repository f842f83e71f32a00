"""The completion report as tables: obligations, totals by district, section and measure, progress."""

from __future__ import annotations

from domain.obligation.implementation import LATE_IMPLEMENTATION_RU
from domain.obligation.states import STATE_LABELS_RU
from domain.obligation.timeliness import TIMELINESS_LABELS_RU
from reports.completion_model import CompletionReport, Totals
from reports.tables import Cell, CellKind, Column, Table

OBLIGATION_COLUMNS = (
    Column("Мероприятие", CellKind.INT, 12),
    Column("Раздел", CellKind.TEXT, 8),
    Column("Участник", CellKind.TEXT, 10),
    Column("Наименование участника", CellKind.TEXT, 40),
    Column("Федеральный округ", CellKind.TEXT, 28),
    Column("Состояние", CellKind.TEXT, 22),
    Column("Срок", CellKind.DATE, 12),
    Column("Срок с учётом выходных", CellKind.DATE, 14),
    Column("Дата представления", CellKind.DATE, 14),
    Column("Дата принятия", CellKind.DATE, 14),
    Column("Своевременность", CellKind.TEXT, 18),
    Column("Дней просрочки", CellKind.INT, 10),
    Column("Срок реализации", CellKind.DATE, 12),
    Column("Выполнение", CellKind.TEXT, 18),
    Column("Документы (вид, номер, дата, орган)", CellKind.TEXT, 70),
)

TOTALS_COLUMNS = (
    Column("Группа", CellKind.TEXT, 48),
    Column("Всего", CellKind.INT, 9),
    Column("Ожидается", CellKind.INT, 11),
    Column("Принято", CellKind.INT, 9),
    Column("В срок", CellKind.INT, 9),
    Column("С опозданием", CellKind.INT, 12),
    Column("Не представлено", CellKind.INT, 14),
    Column("Срок не наступил", CellKind.INT, 14),
    Column("Освобождено", CellKind.INT, 12),
    Column("Выполнено с нарушением срока", CellKind.INT, 14),
    Column("Доля в срок", CellKind.PERCENT, 11),
    Column("Доля с опозданием", CellKind.PERCENT, 13),
)

PROGRESS_COLUMNS = (
    Column("Дата", CellKind.DATE, 12),
    Column("Представлено (нарастающим итогом)", CellKind.INT, 18),
    Column("Принято (нарастающим итогом)", CellKind.INT, 18),
)


def totals_row(t: Totals) -> tuple[Cell, ...]:
    """One totals line."""
    return (
        t.label, t.total, t.expected, t.accepted, t.on_time, t.late, t.missing, t.pending, t.waived,
        t.implemented_late, t.on_time_rate, t.late_rate,
    )


def obligation_rows(report: CompletionReport) -> tuple[tuple[Cell, ...], ...]:
    """One line per obligation."""
    return tuple(
        (
            r.measure, r.section, r.participant, r.participant_name, r.federal_district,
            STATE_LABELS_RU[r.state], r.due, r.effective_due, r.submitted_on, r.accepted_on,
            TIMELINESS_LABELS_RU[r.timeliness], r.days_late, r.implementation_due,
            LATE_IMPLEMENTATION_RU if r.implemented_late else "", "; ".join(str(d) for d in r.documents),
        )
        for r in report.rows
    )


def completion_tables(report: CompletionReport) -> tuple[Table, ...]:
    """Every view of the report, in the order formats lay them out."""
    overall = (totals_row(report.overall),)
    return (
        Table("summary", "Итоги", TOTALS_COLUMNS, overall),
        Table("districts", "По федеральным округам", TOTALS_COLUMNS,
              tuple(totals_row(t) for t in report.by_district) + overall),
        Table("sections", "По разделам плана", TOTALS_COLUMNS,
              tuple(totals_row(t) for t in report.by_section) + overall),
        Table("measures", "По мероприятиям", TOTALS_COLUMNS,
              tuple(totals_row(t) for t in _numbered(report.by_measure)) + overall),
        Table("obligations", "Обязательства", OBLIGATION_COLUMNS, obligation_rows(report)),
        Table("progress", "Динамика выполнения", PROGRESS_COLUMNS,
              tuple((p.day, p.submitted, p.accepted) for p in report.progress)),
    )


def _numbered(groups: tuple[Totals, ...]) -> tuple[Totals, ...]:
    from dataclasses import replace

    return tuple(replace(t, label=f"{t.key}. {t.label}") for t in groups)


def provenance_lines(report: CompletionReport) -> tuple[str, ...]:
    """What every format states about where the report came from."""
    return (
        report.title,
        f"По состоянию на: {report.as_of:%d.%m.%Y}",
        f"Построен по журналу событий: позиция {report.head.position}, хеш {report.head.hash}",
        f"Свидетель цепочки (position:hash): {report.head}",
        "«Срок» — срок представления документов: 15 апреля года, следующего за отчётным (указан в Плане для "
        "пп. 4–5, для остальных мероприятий — как в пп. 4–5 Плана); «Срок реализации» — по Плану, для "
        "мероприятий «ежегодно» — 31 декабря отчётного года",
    )
