"""The two dates the plan implies for a measure in a cycle: when it is carried out, when it is reported.

- The implementation deadline is the plan's «Сроки реализации»: the document that proves the measure
  should be dated by it. A once-measure's deadline is the plan's own date (its last stage for a staged
  one); an annual measure («ежегодно») is carried out within its reporting year, so by 31 December of
  the cycle — a reading, said so wherever it is shown.
- The report date is when the evidence is due: with the annual report, on 15 April of the year after
  the cycle, unless the plan names another day for the measure. The plan names one, for measures 4 and 5
  only (seed 001, lines 138–140 and 178–180: «в срок до 15 апреля года, следующего за отчетным»); every
  other measure takes the same day by analogy, and every place that shows the date says so.

Reminders, the missed mark and escalations follow the report date; a document dated after the
implementation deadline is «выполнено с нарушением срока» (see `domain.obligation.implementation`).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from domain.plan.deadlines import PLAN_REPORT_DAY, report_day_next_year
from domain.plan.types import Measure, Recurrence

_MONTHS_GENITIVE_RU = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip

# The measures whose own documents name the report day: the analogy every other measure follows.
REPORT_DAY_MEASURES = (4, 5)


class CycleDates(BaseModel):
    """A measure's two dates in one cycle, and whether the plan states each or it is a reading."""

    model_config = ConfigDict(frozen=True)

    implementation: dt.date
    implementation_stated: bool
    report: dt.date
    report_stated: bool

    @property
    def report_note_ru(self) -> str:
        """How the report date was read, as every view prints it beside the date."""
        return report_note_ru(self.report_stated, (self.report.month, self.report.day))

    @property
    def implementation_note_ru(self) -> str:
        """How the implementation deadline was read."""
        if self.implementation_stated:
            return f"до {self.implementation:%d.%m.%Y}"
        return f"до {self.implementation:%d.%m.%Y} — в течение отчётного года (так прочитано «ежегодно»)"


def day_month_ru(month: int, day: int) -> str:
    """«15 апреля»."""
    return f"{day} {_MONTHS_GENITIVE_RU[month - 1]}"


def _report_day(measure: Measure) -> tuple[tuple[int, int], bool]:
    own = report_day_next_year(d.text for d in measure.documents)
    return (own, True) if own is not None else (PLAN_REPORT_DAY, False)


def report_when_ru(stated: bool, month_day: tuple[int, int] = PLAN_REPORT_DAY) -> str:
    """«15 апреля следующего года (как в пп. 4–5 Плана)», or the plan's own wording of its day."""
    when = day_month_ru(*month_day)
    if stated:
        return f"до {when} года, следующего за отчётным (указан в Плане)"
    return f"{when} следующего года (как в пп. 4–5 Плана)"


def report_note_ru(stated: bool, month_day: tuple[int, int] = PLAN_REPORT_DAY) -> str:
    """«срок представления — 15 апреля следующего года (как в пп. 4–5 Плана)», or the plan's own."""
    return f"срок представления — {report_when_ru(stated, month_day)}"


def implementation_due(measure: Measure, cycle: int) -> dt.date | None:
    """The implementation deadline of the measure in `cycle`; None when it does not fall due then."""
    if measure.recurrence is Recurrence.ANNUAL:
        return dt.date(cycle, 12, 31)
    final = measure.deadlines[-1].due
    return final if final.year == cycle else None


def report_due(measure: Measure, cycle: int) -> dt.date | None:
    """The report date of the measure in `cycle` (15 April of the next year unless the plan names another
    day); None when the measure does not fall due in that cycle."""
    if implementation_due(measure, cycle) is None:
        return None
    (month, day), _ = _report_day(measure)
    return dt.date(cycle + 1, month, day)


def cycle_dates(measure: Measure, cycle: int) -> CycleDates | None:
    """Both dates of the measure in `cycle`, with how each was read; None outside its cycles."""
    implementation = implementation_due(measure, cycle)
    if implementation is None:
        return None
    (month, day), stated = _report_day(measure)
    return CycleDates(
        implementation=implementation,
        implementation_stated=measure.recurrence is Recurrence.ONCE,
        report=dt.date(cycle + 1, month, day),
        report_stated=stated,
    )


def report_day_stated(measure: Measure) -> bool:
    """Whether the plan names the measure's report day itself (measures 4 and 5)."""
    return _report_day(measure)[1]


def report_reading_ru(measure: Measure) -> str:
    """The report date's reading without a cycle, for the catalog's views."""
    month_day, stated = _report_day(measure)
    return report_when_ru(stated, month_day)


def implementation_reading_ru(measure: Measure) -> str:
    """The implementation deadline's reading without a cycle."""
    if measure.recurrence is Recurrence.ANNUAL:
        return "до 31 декабря отчётного года («ежегодно» прочитано как «в течение отчётного года»)"
    if measure.is_staged:
        stages = "; ".join(f"{d.label} — до {d.due:%d.%m.%Y}" for d in measure.deadlines)
        return f"по этапам: {stages}"
    return f"до {measure.deadlines[-1].due:%d.%m.%Y}"


def reading_ru(measure: Measure) -> str:
    """Both readings in one line, for tables and the CLI: implementation; report date."""
    report = report_reading_ru(measure)
    return f"реализация {implementation_reading_ru(measure)}; срок представления — {report}"
