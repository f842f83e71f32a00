"""A region's report form answered for the demo: plausible, varied, counts for both years, documents.

The answers are built as the raw data an answer file holds and then checked by the form's own validation,
so the demo can only record answers a region could have filed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

from demo.report_counts import counts_answer, size
from domain.documents import DocumentKind
from domain.report_form.answers import FormAnswers
from domain.report_form.check import answers_from_data
from domain.report_form.forms import report_form_for
from domain.report_form.schema import CellType, FormItem, FormTable, ItemKind, ReportForm

_TEXTS = (
    "Проведены межведомственные совещания с участием органов здравоохранения, социальной защиты и "
    "образования; утверждён порядок обмена сведениями о детях, нуждающихся в ранней помощи.",
    "Расширена сеть служб ранней помощи: открыты новые структурные подразделения в муниципальных "
    "районах, организованы выездные формы работы в сельской местности.",
    "Организовано обучение специалистов по дополнительным профессиональным программам; проведены "
    "методические семинары и супервизии на базе ресурсно-методического центра.",
    "Увеличилась доля семей, получивших услуги ранней помощи в течение месяца после выявления "
    "потребности; сократилось время ожидания первичного приёма.",
    "Проводятся родительские клубы и группы взаимной поддержки, работают чаты для родителей, "
    "организованы консультации в дистанционном формате.",
    "Сведения о детях передаются между организациями в электронном виде через региональную "
    "информационную систему; обеспечено согласие родителей на обработку данных.",
    "Внедрены стандартизированные методики оценки; разработаны индивидуальные программы ранней помощи "
    "для всех детей, включённых в программы.",
)
_SYSTEMS = (
    "Региональная медицинская информационная система",
    "ГИС «Электронное социальное обслуживание»",
    "Информационная система «Ранняя помощь»",
)
_KIND_WORDS = (
    ("приказ", DocumentKind.ORDER),
    ("постановлени", DocumentKind.RESOLUTION),
    ("распоряжени", DocumentKind.DIRECTIVE),
    ("программ", DocumentKind.PROGRAM),
    ("соглашени", DocumentKind.AGREEMENT),
    ("реестр", DocumentKind.REGISTER),
)
_ORGANISATIONS = (
    "ГБУ «Центр психолого-педагогической, медицинской и социальной помощи»",
    "ГАУ «Реабилитационный центр для детей и подростков с ограниченными возможностями»",
    "ГБУЗ «Детская городская поликлиника № 2»",
    "АНО «Центр ранней помощи „Шаг навстречу“»",
    "ГБУ «Комплексный центр социального обслуживания населения»",
)
_ISSUERS = (
    "Правительство субъекта Российской Федерации",
    "Министерство социальной защиты населения",
    "Министерство здравоохранения",
    "Министерство образования",
)
_KINDS = (DocumentKind.ORDER, DocumentKind.RESOLUTION, DocumentKind.DIRECTIVE, DocumentKind.PROGRAM)


def answers_rng(seed: int, region: str, cycle: int) -> random.Random:
    """The RNG of one region's answers: the same seed, region and cycle give the same answers."""
    digest = hashlib.sha256(f"form/{seed}/{cycle}/{region}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _kind_for(item: FormItem, rng: random.Random) -> DocumentKind:
    """The kind the question names («Наличие приказа…» is an order), else a likely one."""
    wording = f"{item.text} {item.detail_prompt or ''} {item.hint or ''}".lower()
    for word, kind in _KIND_WORDS:
        if word in wording:
            return kind
    return rng.choice(_KINDS)


def _detail(item: FormItem, rng: random.Random, cycle: int) -> str:
    prompt = (item.detail_prompt or "").lower()
    if "год" in prompt:
        return str(cycle)
    if "систем" in prompt:
        return rng.choice(_SYSTEMS)
    return rng.choice(_ORGANISATIONS)


def _document(rng: random.Random, cycle: int, kind: DocumentKind) -> dict[str, Any]:
    date = dt.date(cycle, 1, 15) + dt.timedelta(days=rng.randint(0, 330))
    suffix = {DocumentKind.RESOLUTION: "-п", DocumentKind.DIRECTIVE: "-р"}.get(kind, "")
    return {
        "kind": kind.value,
        "number": f"{rng.randint(15, 980)}{suffix}",
        "date": date.isoformat(),
        "issuer": rng.choice(_ISSUERS),
        "title": "О развитии системы ранней помощи детям и их семьям",
    }


def _year_counts(rng: random.Random, years: tuple[int, ...], scale: int) -> dict[int, int]:
    """Counts for each year, the later year usually a little higher (the form asks for dynamics)."""
    values: dict[int, int] = {}
    current = rng.randint(max(1, scale // 3), scale)
    for year in sorted(years):
        values[year] = current
        current = max(0, round(current * rng.uniform(0.95, 1.35)) + rng.randint(0, 2))
    return values


def _counts(item: FormItem, rng: random.Random, scale: int) -> dict[Any, Any]:
    data: dict[Any, Any] = {}
    if item.parts:
        for part in item.parts:
            data[part.key] = _year_counts(rng, item.years, max(1, scale // 2))
    else:
        data.update(_year_counts(rng, item.years, scale))
    if item.detail_prompt:
        data["detail"] = rng.choice(_ORGANISATIONS)
    return data


def _item(item: FormItem, rng: random.Random, cycle: int) -> Any:
    match item.kind:
        case ItemKind.TEXT:
            return " ".join(rng.sample(_TEXTS, 2))
        case ItemKind.YES_NO:
            return rng.random() < 0.85
        case ItemKind.YES_NO_DOCUMENT:
            yes = rng.random() < 0.85
            return {"answer": yes, "document": _document(rng, cycle, _kind_for(item, rng)) if yes else None}
        case ItemKind.YES_NO_DETAIL:
            yes = rng.random() < 0.8
            return {"answer": yes, "detail": _detail(item, rng, cycle) if yes else None}
        case ItemKind.MULTI_YES_NO:
            return {p.key: rng.random() < 0.8 for p in item.parts}
        case ItemKind.DOCUMENT:
            return _document(rng, cycle, _kind_for(item, rng))
        case ItemKind.DOCUMENT_LIST:
            return [_document(rng, cycle, _kind_for(item, rng)) for _ in range(rng.randint(1, 3))]
        case ItemKind.COUNTS:
            return _counts(item, rng, rng.choice((8, 25, 120, 900)))
    return None


def _region_counts(form: ReportForm, item: FormItem, region: str, rng: random.Random) -> dict[Any, Any]:
    """A counts item answered consistently with the region's other items and other years' forms."""
    data = counts_answer(form, item, region)
    if item.detail_prompt:
        data["detail"] = rng.choice(_ORGANISATIONS)
    return data


def _cell(column: FormItem, rng: random.Random, scale: float) -> Any:
    # Numbers grow with the region's size, so that the summary's comparison of regions finds the story
    # (demo/report_counts.py) rather than noise.
    match column.cell:
        case CellType.INTEGER:
            return max(1, round(scale * rng.randint(8, 30)))
        case CellType.DECIMAL:
            return f"{round(scale * rng.randint(2000, 9000))}.{rng.randint(0, 9)}"
        case CellType.CHOICE:
            return rng.choice(column.choices).key
        case CellType.COUNTS:
            return _year_counts(rng, column.years, max(3, round(scale * 15)))
    return rng.choice(_ORGANISATIONS)


def _table(table: FormTable, rng: random.Random, scale: float) -> list[dict[str, Any]]:
    return [{c.number: _cell(c, rng, scale) for c in table.columns} for _ in range(rng.randint(2, 4))]


def _consistent(data: dict[str, Any]) -> None:
    # The form asks 11.1 to repeat 5.1.1's non-state providers total.
    by_department = data.get("5.1.1")
    if isinstance(by_department, dict) and "non_state_providers" in by_department and "11.1" in data:
        total = {k: v for k, v in data["11.1"].items() if k == "detail"}
        data["11.1"] = {**by_department["non_state_providers"], **total}


def answer_data(form: ReportForm, region: str, rng: random.Random) -> dict[str, Any]:
    """The raw answer file of one region, as `eci form template` lays it out, filled in."""
    answers: dict[str, Any] = {}
    tables = {t.key: t for t in form.tables}
    for key in form.answer_keys:
        if key in tables:
            answers[key] = _table(tables[key], rng, size(region))
        else:
            answers[key] = _item(form.item(key), rng, form.cycle)
            if form.item(key).kind is ItemKind.COUNTS:
                answers[key] = _region_counts(form, form.item(key), region, rng)
    _consistent(answers)
    return {"cycle": form.cycle, "region": region, "answers": answers}


def demo_answers(region: str, cycle: int = 2023, seed: int = 20221216) -> FormAnswers:
    """The region's answered report form, valid against the cycle's form (the same for the same seed)."""
    form = report_form_for(cycle)
    return answers_from_data(answer_data(form, region, answers_rng(seed, region, cycle)))
