"""A fillable YAML answer file: every item present with a typed placeholder, its question as a comment."""

from __future__ import annotations

import json
import textwrap

from domain.documents import DOCUMENT_KIND_LABELS_RU
from domain.report_form.schema import CellType, FormItem, FormTable, ItemKind, ReportForm

_WIDTH = 100
_KINDS = ", ".join(f"{k.value} ({label})" for k, label in DOCUMENT_KIND_LABELS_RU.items())


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return [f"{pad}# {line}" for line in textwrap.wrap(" ".join(text.split()), _WIDTH - indent)]


def _document_lines(indent: int) -> list[str]:
    pad = " " * indent
    return [
        f"{pad}kind: null  # вид документа: order, resolution, directive, … (или по-русски: приказ, …)",
        f'{pad}number: ""',
        f"{pad}date: null  # ГГГГ-ММ-ДД",
        f'{pad}issuer: ""  # кем принят',
        f'{pad}title: ""  # название (необязательно)',
    ]


def _years_lines(years: tuple[int, ...], indent: int) -> list[str]:
    return [f"{' ' * indent}{year}: null  # {year} г., число" for year in years]


def _item_lines(item: FormItem) -> list[str]:
    key = f"  {_q(item.number)}:"
    match item.kind:
        case ItemKind.TEXT:
            return [f'{key} ""']
        case ItemKind.YES_NO:
            return [f"{key} null  # да / нет"]
        case ItemKind.YES_NO_DOCUMENT:
            return [key, "    answer: null  # да / нет", f"    document:  # если да: {item.detail_prompt}"]
        case ItemKind.YES_NO_DETAIL:
            return [key, "    answer: null  # да / нет", f'    detail: ""  # если да: {item.detail_prompt}']
        case ItemKind.MULTI_YES_NO:
            return [key] + [f"    {p.key}: null  # {p.label}: да / нет" for p in item.parts]
        case ItemKind.DOCUMENT:
            return [f"{key}  # реквизиты документа; оставьте пустым, если документа нет"]
        case ItemKind.DOCUMENT_LIST:
            return [f"{key} []  # список документов: - {{kind: …, number: …, date: …, issuer: …, title: …}}"]
        case ItemKind.COUNTS:
            lines = [key]
            if item.parts:
                for part in item.parts:
                    lines += [f"    {part.key}:  # {part.label}"] + _years_lines(item.years, 6)
            else:
                lines += _years_lines(item.years, 4)
            if item.detail_prompt:
                lines.append(f'    detail: ""  # {item.detail_prompt}')
            return lines
    raise ValueError(f"{item.number}: table columns are rendered with their table")


def _extra_lines(item: FormItem) -> list[str]:
    if item.kind is ItemKind.YES_NO_DOCUMENT:
        return _document_lines(6)
    if item.kind is ItemKind.DOCUMENT:
        return _document_lines(4)
    return []


def _cell_placeholder(column: FormItem) -> str:
    match column.cell:
        case CellType.INTEGER:
            return "null  # число"
        case CellType.DECIMAL:
            return "null  # сумма"
        case CellType.CHOICE:
            return "null  # " + " / ".join(f"{c.key} ({c.label})" for c in column.choices)
        case CellType.COUNTS:
            return "{" + ", ".join(f"{y}: null" for y in column.years) + "}  # по годам"
        case _:
            return '""'


def _table_lines(table: FormTable) -> list[str]:
    lines = [f"  # Таблица {table.key}: одна строка на запись (повторите блок «- …» для каждой)"]
    for column in table.columns:
        lines += _comment(f"{column.number} {column.text} — {column.hint}", 2)
    lines.append(f"  {_q(table.key)}:")
    for n, column in enumerate(table.columns):
        lead = "    - " if n == 0 else "      "
        lines.append(f"{lead}{_q(column.number)}: {_cell_placeholder(column)}")
    return lines


def render_template(form: ReportForm, region_code: str, region_name: str | None = None) -> str:
    """The answer file a region fills in for `form`."""
    region = f"{region_code} — {region_name}" if region_name else region_code
    lines = [
        "# Форма отчёта субъекта Российской Федерации о реализации Комплексного межведомственного плана",
        "# по совершенствованию ранней помощи детям и их семьям (N СК-765/07/1)",
        f"# Отчётный год: {form.cycle} (в сравнении с {form.previous_year}). Субъект: {region}",
        *([f"# {form.derived_note_ru}"] if form.derived_note_ru else []),
        "# Да / нет: true или false (можно «да» / «нет»). Даты: ГГГГ-ММ-ДД. Числа — цифрами.",
        "# Длинный текст можно записать блоком: «|» и текст с новой строки с отступом.",
        *_comment(f"Виды документов: {_KINDS}.", 0),
        "# Проверка: eci form check ФАЙЛ",
        f"cycle: {form.cycle}",
        f"region: {_q(region_code)}",
        "answers:",
    ]
    tables = {t.key: t for t in form.tables}
    done: set[str] = set()
    for section in form.sections:
        lines += ["", *_comment(f"Мероприятие {section.measure}. {section.title}", 2)]
        for item in section.items:
            if item.table:
                if item.table not in done:
                    done.add(item.table)
                    lines += ["", *_table_lines(tables[item.table])]
                continue
            lines += ["", *_comment(f"{item.number} {item.text}", 2)]
            if item.hint:
                lines += _comment(item.hint, 2)
            lines += _item_lines(item) + _extra_lines(item)
    return "\n".join(lines) + "\n"
