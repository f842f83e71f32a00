"""Sample answer files for the report form: a complete valid one, built from the schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

from domain.report_form.forms import FORM_2023, report_form_for
from domain.report_form.schema import CellType, FormItem, ItemKind

DOCUMENT = {
    "kind": "приказ",
    "number": "123-п",
    "date": dt.date(2023, 3, 1),
    "issuer": "Министерство социальной защиты",
    "title": "О межведомственном взаимодействии",
}


def _years(years: tuple[int, ...]) -> dict[int, int]:
    return {y: 3 for y in years}


def _value(item: FormItem) -> Any:
    match item.kind:
        case ItemKind.TEXT:
            return "Проведены совещания рабочей группы."
        case ItemKind.YES_NO:
            return True
        case ItemKind.YES_NO_DOCUMENT:
            return {"answer": True, "document": dict(DOCUMENT)}
        case ItemKind.YES_NO_DETAIL:
            return {"answer": "да", "detail": "ГИС «Ранняя помощь»"}
        case ItemKind.MULTI_YES_NO:
            return {p.key: "нет" for p in item.parts}
        case ItemKind.DOCUMENT:
            return dict(DOCUMENT)
        case ItemKind.DOCUMENT_LIST:
            return [dict(DOCUMENT), dict(DOCUMENT, number="7")]
        case ItemKind.COUNTS:
            value: dict[Any, Any] = {p.key: _years(item.years) for p in item.parts} or _years(item.years)
            if item.detail_prompt:
                value["detail"] = "ГБУ «Центр»"
            return value
    raise AssertionError(item.number)


def _cell(column: FormItem) -> Any:
    match column.cell:
        case CellType.INTEGER:
            return 12
        case CellType.DECIMAL:
            return "1500,50"
        case CellType.CHOICE:
            return column.choices[0].key
        case CellType.COUNTS:
            return _years(column.years)
    return "Запись"


def filled_answers(region: str = "77", cycle: int = 2023) -> dict[str, Any]:
    """A complete, valid answer file for a cycle's form (2023's by default), as YAML would parse it."""
    form = FORM_2023 if cycle == 2023 else report_form_for(cycle)
    answers: dict[str, Any] = {}
    for item in form.items:
        if item.table:
            table = form.table(item.table)
            answers[table.key] = [{c.number: _cell(c) for c in table.columns}]
        else:
            answers[item.number] = _value(item)
    return {"cycle": cycle, "region": region, "answers": answers}
