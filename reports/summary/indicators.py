"""The key indicators a minister looks at first: a few counts and sums of the form, and a few «есть у»
shares, each read per region from its answers (for the map), summed per district (for the bars) and
per cycle (for the trend)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from domain.report_form.answers import FormAnswers, MultiYesNoAnswer
from domain.report_form.schema import ReportForm
from reports.summary.model import Number
from reports.summary.values import column_total, count_of


@dataclass(frozen=True)
class Indicator:
    """A number every region gives: an item's part in the reporting year, or a table column's sum."""

    key: str
    label: str
    unit: str
    item: str
    part: str = ""
    table_column: bool = False

    def value(self, form: ReportForm, answers: FormAnswers | None) -> Number | None:
        """One region's value, if it gave it."""
        if self.table_column:
            column = form.item(self.item)
            year = form.cycle if column.years else None
            return column_total(form, answers, self.item, year)
        return count_of(answers, self.item, self.part, form.cycle)


@dataclass(frozen=True)
class Presence:
    """A да/нет question whose «да» share is a key indicator."""

    key: str
    label: str
    item: str


INDICATORS: tuple[Indicator, ...] = (
    Indicator("units", "Структурные подразделения ранней помощи", "ед.", "5.1"),
    Indicator("non_state", "Негосударственные поставщики услуг", "ед.", "11.1"),
    Indicator("centres_created", "Созданные ресурсно-методические центры", "ед.", "4.4"),
    Indicator(
        "equipment_funding", "Финансирование оснащения подразделений", "тыс. руб.", "7.3", table_column=True
    ),
    Indicator(
        "trained_specialists", "Обучено руководителей и специалистов", "чел.", "17.4", table_column=True
    ),
    Indicator("trained_teachers", "Обучено педагогических работников", "чел.", "19.2", table_column=True),
    Indicator("internships", "Прошли стажировку в других регионах", "чел.", "18.1"),
)
INDICATORS_BY_KEY = {i.key: i for i in INDICATORS}

PRESENCES: tuple[Presence, ...] = (
    Presence("centres", "Региональный ресурсно-методический центр", "4.1"),
    Presence("providers_register", "Реестр поставщиков услуг ранней помощи", "6.1"),
    Presence("monitoring", "Мониторинг системы ранней помощи", "8.1"),
    Presence("children_register", "Реестр детей целевой группы", "9.1"),
    Presence("unified_system", "Единая межведомственная система", "10.1"),
)


def per_region(indicator: Indicator, form: ReportForm, forms: Mapping[str, FormAnswers]) -> dict[str, Number]:
    """Each region's value of the indicator (regions that gave none are left out)."""
    return {code: v for code, a in forms.items() if (v := indicator.value(form, a)) is not None}


def total(
    indicator: Indicator, form: ReportForm, forms: Mapping[str, FormAnswers], scope: Sequence[str]
) -> Number:
    """The indicator summed over the regions of `scope` that gave it."""
    values = per_region(indicator, form, {c: forms[c] for c in scope if c in forms})
    return sum(values.values(), start=0)


def has(answers: FormAnswers | None, item: str) -> bool | None:
    """A region's да/нет to an item, None when it gave none."""
    if answers is None or item not in answers.items:
        return None
    answer = answers.items[item]
    if isinstance(answer, MultiYesNoAnswer):
        return any(answer.parts.values())
    flag = getattr(answer, "answer", None)
    return flag if isinstance(flag, bool) else None
