"""Every deadline wording of the plan reads as the documented dates."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.errors import DomainError
from domain.plan.catalog import MEASURES, Recurrence
from domain.plan.deadlines import annual_due, period_end, read_deadline_text

_STAGE_1 = "внесение проекта федерального закона в Правительство Российской Федерации"
_STAGE_2 = (
    "внесение проекта федерального закона в Государственную Думу Федерального Собрания Российской Федерации"
)
_MEASURE_24 = f"IV квартал 2022 года - {_STAGE_1}, II квартал 2023 года - {_STAGE_2}"

# Each distinct «Сроки реализации» text of the plan and its reading: (recurrence, [(label, due), ...]).
READINGS: dict[str, tuple[Recurrence, list[tuple[str, dt.date]]]] = {
    "II квартал 2023 года": (Recurrence.ONCE, [("II квартал 2023 года", dt.date(2023, 6, 30))]),
    "IV квартал 2023 года": (Recurrence.ONCE, [("IV квартал 2023 года", dt.date(2023, 12, 31))]),
    "IV квартал 2023 год": (Recurrence.ONCE, [("IV квартал 2023 год", dt.date(2023, 12, 31))]),
    "2023 год": (Recurrence.ONCE, [("2023 год", dt.date(2023, 12, 31))]),
    "ежегодно": (Recurrence.ANNUAL, []),
    _MEASURE_24: (Recurrence.ONCE, [(_STAGE_1, dt.date(2022, 12, 31)), (_STAGE_2, dt.date(2023, 6, 30))]),
}


def test_the_table_covers_every_deadline_text_of_the_catalog() -> None:
    assert {m.deadline_text for m in MEASURES} == set(READINGS)


@pytest.mark.parametrize(("text", "expected"), READINGS.items(), ids=list(READINGS))
def test_deadline_text_reads_as_documented(
    text: str, expected: tuple[Recurrence, list[tuple[str, dt.date]]]
) -> None:
    reading = read_deadline_text(text)
    assert reading.recurrence is expected[0]
    assert [(d.label, d.due) for d in reading.deadlines] == expected[1]


def test_catalog_measures_carry_their_reading() -> None:
    for m in MEASURES:
        reading = read_deadline_text(m.deadline_text)
        assert (m.recurrence, m.deadlines) == (reading.recurrence, reading.deadlines)


@pytest.mark.parametrize(
    ("period", "end"),
    [
        ("I квартал 2024 года", dt.date(2024, 3, 31)),
        ("III квартал 2024 года", dt.date(2024, 9, 30)),
        ("2025 год", dt.date(2025, 12, 31)),
    ],
)
def test_period_end_is_the_last_day_of_the_period(period: str, end: dt.date) -> None:
    assert period_end(period) == end


def test_report_due_on_15_april_of_the_next_year() -> None:
    text = "доклады ... в Минтруд России в срок до 15 апреля года, следующего за отчетным"
    assert annual_due(2023, [text]) == dt.date(2024, 4, 15)
    assert annual_due(2026, [text]) == dt.date(2027, 4, 15)


def test_annual_measure_without_a_report_date_is_due_with_the_annual_report() -> None:
    # Seed 001, lines 138-140: the plan's one reporting date, «в срок до 15 апреля года, следующего за
    # отчетным»; seed 000 is the one annual report form answering every regional measure.
    documents = ["аналитическая записка по оценке потребности в Минтруд России"]
    assert annual_due(2024, documents) == dt.date(2025, 4, 15)


def test_every_annual_measure_is_due_on_15_april_of_the_next_year() -> None:
    dues = {m.number: annual_due(2023, [d.text for d in m.documents])
            for m in MEASURES if m.recurrence is Recurrence.ANNUAL}  # fmt: skip
    assert len(dues) >= 20
    assert set(dues.values()) == {dt.date(2024, 4, 15)}


@pytest.mark.parametrize("text", ["до конца года", "III квартал", "2023", "ежегодно до 1 марта", ""])
def test_unread_wording_is_an_error_not_a_guess(text: str) -> None:
    with pytest.raises(DomainError):
        read_deadline_text(text)
