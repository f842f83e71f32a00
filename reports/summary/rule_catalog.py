"""The validation rules the summary applies to the regions' forms, each named and cited to the form.

Line numbers are those of the form's text in the project's sources (seeds/000_1b5aa6aefd341eb6.txt).
Codes are stable English names (`--findings --json` carries them); titles and citations are Russian.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.summary.model import Number


@dataclass(frozen=True)
class Rule:
    """A named check with what it rests on."""

    code: str
    title: str
    citation: str


@dataclass(frozen=True)
class Finding:
    """One value a rule questions: which region, item, part and year, the value and what it was held to."""

    rule: str
    region: str
    item: str
    message: str
    part: str = ""
    year: int | None = None
    value: Number | str | None = None
    compared_with: Number | None = None


FORM_11_1 = Rule(
    "form_11_1_equals_5_1_1",
    "П. 11.1 совпадает с п. 5.1.1 «Негосударственные поставщики…, всего»",
    "Форма отчёта, п. 11.1 (стр. 569–572): «Общее количество организаций, совпадает с п. 5.1.1 "
    "негосударственные поставщики услуг в сфере ранней помощи, всего».",
)
COUNT_NOT_WHOLE = Rule(
    "count_not_whole",
    "Количество отрицательное или дробное",
    "Форма отчёта: количества указываются по годам («2023 г – … 2022 г – …», стр. 260–261, 267–268 и "
    "далее), числом человек («чел.», стр. 672–685; «Укажите количество…», стр. 766, 844, 875, 913) "
    "или материалов (стр. 1003, 1054) — целыми неотрицательными числами; суммы (п. 7.3, «тыс. руб», "
    "стр. 409) — неотрицательными.",
)
PARTS_EXCEED_TOTAL = Rule(
    "parts_exceed_total",
    "Части больше целого",
    "Форма отчёта: п. 5.1 «Общее количество… В том числе» (стр. 258–262) и его разбивка по ведомствам "
    "п. 5.1.1 (стр. 265–285) и по видам подразделений государственных организаций п. 5.1.2 (стр. 289–310); "
    "п. 5.1.1 «Негосударственные поставщики…, всего» (стр. 284) и его разбивка п. 11.1.2 (стр. 575–587); "
    "п. 12.5 «всего» и категории руководителей и специалистов (стр. 671–685).",
)
YEAR_JUMP = Rule(
    "year_over_year_jump",
    "Резкое изменение к прошлому году",
    "Форма отчёта просит динамику «по сравнению с данными за предшествующий, 2022 год, соответственно» "
    "(пп. 4.4, 5.1, 5.1.1, 5.1.2, 11.1, 11.1.2, 18.1, 19.2; стр. 230, 258, 265, 289, 569, 575, 872, 913). "
    "Рост в 3 раза и более или снижение на 70 % и более (при базе не меньше 5) требует пояснения.",
)
OUTLIER = Rule(
    "outlier",
    "Значение далеко от значений других субъектов",
    "Форма отчёта: количества и суммы пп. 4.4, 5.1–5.1.2, 7.3, 11.1, 11.1.2, 12.5, 15.3, 17.4, 18.1, 19.2, "
    "22.2, 23.2 (стр. 230, 258, 265, 289, 409, 569, 575, 671, 766, 844, 872, 913, 1003, 1054) сравниваются "
    "по всем субъектам, представившим ответ: модифицированная z-оценка по медиане и "
    "медианному абсолютному отклонению логарифма значения (Iglewicz, Hoaglin, 1993), порог 3,5. "
    "Сравниваются абсолютные значения: таблица численности населения с источником в систему не входит.",
)

RULES: tuple[Rule, ...] = (FORM_11_1, COUNT_NOT_WHOLE, PARTS_EXCEED_TOTAL, YEAR_JUMP, OUTLIER)
RULES_BY_CODE = {r.code: r for r in RULES}
