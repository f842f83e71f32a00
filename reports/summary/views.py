"""The summary's parts as format-neutral tables and lines, laid out alike by Markdown, HTML, DOCX and XLSX."""

from __future__ import annotations

from decimal import Decimal

from reports.ru_numbers import fmt_number, fmt_percent, fmt_signed
from reports.summary.charts import DISTRICT_SHORT
from reports.summary.completeness import FORM_STATE_LABELS_RU, FormState
from reports.summary.report import Summary
from reports.summary.rule_catalog import RULES_BY_CODE
from reports.tables import Cell, CellKind, Column, Table


def provenance_lines(summary: Summary) -> tuple[str, ...]:
    """Where the summary came from, as every format states it."""
    scope = summary.scope.district or "все 89 субъектов Российской Федерации"
    done = summary.completeness
    lines = [
        f"По состоянию на: {summary.as_of:%d.%m.%Y}",
        f"Охват: {scope}",
        f"Формы представили: {done.filed} из {len(done.filings)}; срок представления — {done.due:%d.%m.%Y}",
        "Учтена последняя версия формы каждого субъекта, представленная по дату отчёта включительно",
    ]
    if summary.form.derived_note_ru:
        lines.append(summary.form.derived_note_ru)
    lines.append(f"Построен по журналу событий (position:hash): {summary.head}")
    return tuple(lines)


def key_table(summary: Summary) -> Table:
    """The key indicators: total, the year before, the change."""
    rows: list[tuple[Cell, ...]] = []
    for total in summary.indicators:
        previous = total.previous
        change = total.total - previous if previous is not None else None
        share = float(change) / float(previous) if previous and change is not None else None
        rows.append(
            (total.indicator.label, total.indicator.unit, total.total, previous, change, share, total.regions)
        )
    columns = (
        Column("Показатель", CellKind.TEXT, 44),
        Column("Ед.", CellKind.TEXT, 9),
        Column(f"{summary.cycle} год", CellKind.NUMBER, 14),
        Column(f"{summary.cycle - 1} год", CellKind.NUMBER, 14),
        Column("Изменение", CellKind.NUMBER, 12),
        Column("Изменение, %", CellKind.PERCENT, 12),
        Column("Субъектов с ответом", CellKind.INT, 12),
    )
    return Table("key", "Ключевые показатели", columns, tuple(rows))


def presence_lines(summary: Summary) -> tuple[str, ...]:
    """«Реестр детей целевой группы: есть у 71 из 89 субъектов (79,8 %)»."""
    return tuple(
        f"{p.presence.label} (п. {p.presence.item}): есть у {len(p.yes)} из {p.of} субъектов "
        f"({fmt_percent(len(p.yes) / p.of if p.of else None)})"
        for p in summary.presences
    )


def district_table(summary: Summary) -> Table:
    """Forms filed and the key indicators per federal district, with the total."""
    columns = [
        Column("Федеральный округ", CellKind.TEXT, 30),
        Column("Субъектов", CellKind.INT, 10),
        Column("Представили форму", CellKind.INT, 12),
    ]
    columns += [
        Column(f"{t.indicator.label}, {t.indicator.unit}", CellKind.NUMBER, 16) for t in summary.indicators
    ]
    rows: list[tuple[Cell, ...]] = []
    for n, district in enumerate(summary.districts):
        values = tuple(t.by_district[n][1] for t in summary.indicators)
        rows.append((district.district, district.regions, district.filed, *values))
    total = tuple(t.total for t in summary.indicators)
    rows.append(("Итого", len(summary.scope.regions), summary.completeness.filed, *total))
    return Table("districts", "По федеральным округам", tuple(columns), tuple(rows))


def district_matrix(summary: Summary) -> Table:
    """Every count of the form (reporting year) by federal district, with the total."""
    columns = [Column("Пункт", CellKind.TEXT, 8), Column("Показатель", CellKind.TEXT, 50)]
    columns += [
        Column(DISTRICT_SHORT.get(d.district, d.district), CellKind.NUMBER, 11) for d in summary.districts
    ]
    columns.append(Column("Итого", CellKind.NUMBER, 12))
    per_district = [
        {(c.item, c.part): c.current for i in d.items for c in i.counts} for d in summary.districts
    ]
    per_district_tables = [
        {(c.column, c.year): c.total for i in d.items if i.table for c in i.table.columns}
        for d in summary.districts
    ]
    rows: list[tuple[Cell, ...]] = []
    for item in summary.items:
        for count in item.counts:
            label = count.label if count.part else _short(item.question)
            values = tuple(d.get((count.item, count.part)) for d in per_district)
            rows.append((item.number, f"{label}, {count.year}", *values, count.current))
        if item.table:
            for column in item.table.columns:
                if column.year is not None and column.year != summary.cycle:
                    continue
                values = tuple(d.get((column.column, column.year)) for d in per_district_tables)
                rows.append((column.column, _short(column.label), *values, column.total))
    return Table("district_items", "Показатели формы по федеральным округам", tuple(columns), tuple(rows))


def completeness_table(summary: Summary) -> Table:
    """Every region's form: state, filing date, version, days late, who filed it."""
    columns = (
        Column("Код", CellKind.TEXT, 6),
        Column("Субъект", CellKind.TEXT, 36),
        Column("Федеральный округ", CellKind.TEXT, 10),
        Column("Форма", CellKind.TEXT, 18),
        Column("Дата представления", CellKind.DATE, 14),
        Column("Версия", CellKind.INT, 8),
        Column("Дней просрочки", CellKind.INT, 10),
        Column("Представил", CellKind.TEXT, 30),
    )
    rows = tuple(
        (
            f.region.code,
            f.region.name,
            DISTRICT_SHORT.get(f.region.federal_district.name_ru, ""),
            FORM_STATE_LABELS_RU[f.state],
            f.filed.filed_on if f.filed else None,
            f.filed.version if f.filed else None,
            f.days_late or None,
            f.filed.by if f.filed else None,
        )
        for f in summary.completeness.filings
    )
    return Table("completeness", "Полнота и своевременность представления форм", columns, rows)


def completeness_counts(summary: Summary) -> str:
    """«в срок — 84, с опозданием — 3, не представлена — 2»."""
    done = summary.completeness
    return ", ".join(f"{FORM_STATE_LABELS_RU[s]} — {done.count(s)}" for s in FormState if done.count(s))


def findings_table(summary: Summary) -> Table:
    """Findings by region, item and rule, ready for a query to the region."""
    columns = (
        Column("Код", CellKind.TEXT, 6),
        Column("Субъект", CellKind.TEXT, 30),
        Column("Пункт", CellKind.TEXT, 8),
        Column("Правило", CellKind.TEXT, 30),
        Column("Значение", CellKind.TEXT, 12),
        Column("Сравнивается с", CellKind.TEXT, 12),
        Column("Замечание", CellKind.TEXT, 60),
    )
    rows = tuple(
        (
            f.region,
            summary.region_name(f.region),
            f.item,
            RULES_BY_CODE[f.rule].title,
            _value(f.value),
            _value(f.compared_with),
            f.message,
        )
        for f in summary.findings
    )
    return Table("findings", "Результаты проверки форм", columns, rows)


def long_table(summary: Summary) -> Table:
    """Every number every region gave: region × item × part × year × value, for a pivot table."""
    from reports.summary.long_rows import long_rows

    columns = (
        Column("Код субъекта", CellKind.TEXT, 8),
        Column("Субъект", CellKind.TEXT, 34),
        Column("Федеральный округ", CellKind.TEXT, 10),
        Column("Мероприятие", CellKind.INT, 8),
        Column("Пункт", CellKind.TEXT, 8),
        Column("Показатель", CellKind.TEXT, 50),
        Column("Год", CellKind.INT, 8),
        Column("Значение", CellKind.NUMBER, 14),
    )
    return Table("long", "Данные", columns, long_rows(summary))


def count_line(count_year: int, other_year: int, current: object, other: object, previous: bool) -> str:
    """«2024 — 7 649; 2023 — 4 108; +3 541 (+86,2 %)» (no change for a next year's need)."""
    text = f"{count_year} — {_value(current)}; {other_year} — {_value(other)}"
    if previous and isinstance(current, int | Decimal) and isinstance(other, int | Decimal):
        share = float(current - other) / float(other) if other else None
        text += f"; {fmt_signed(current - other)} ({fmt_percent(share, signed=True)})"
    return text


def _value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return fmt_number(value)
    return str(value)


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
