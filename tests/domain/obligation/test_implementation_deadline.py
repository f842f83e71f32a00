"""«Выполнено с нарушением срока»: proving documents dated after the implementation deadline."""

from __future__ import annotations

import datetime as dt

from domain.documents import DocumentDetails, DocumentKind
from domain.obligation.implementation import implemented_late
from domain.obligation.plan import get_obligation

MEASURE_3 = get_obligation("2023/03/77").dates  # «IV квартал 2023 года», reported by 15.04.2024
MEASURE_4 = get_obligation("2023/04/77").dates  # «ежегодно», «доклады … до 15 апреля года, следующего…»


def _doc(kind: DocumentKind, day: dt.date, number: str = "1") -> DocumentDetails:
    return DocumentDetails(kind=kind, number=number, date=day, issuer="Правительство")


def test_an_act_dated_after_the_implementation_deadline_was_carried_out_late() -> None:
    assert implemented_late([_doc(DocumentKind.ORDER, dt.date(2024, 2, 1))], MEASURE_3)


def test_the_deadline_on_a_day_off_moves_to_the_next_working_day() -> None:
    # 31.12.2023 is a Sunday; the first working day after is 09.01.2024 (Civil Code art. 193).
    assert not implemented_late([_doc(DocumentKind.ORDER, dt.date(2024, 1, 9))], MEASURE_3)
    assert implemented_late([_doc(DocumentKind.ORDER, dt.date(2024, 1, 10))], MEASURE_3)


def test_a_report_on_the_year_is_held_to_the_report_date() -> None:
    assert not implemented_late([_doc(DocumentKind.REPORT, dt.date(2024, 4, 10))], MEASURE_4)
    assert implemented_late([_doc(DocumentKind.REPORT, dt.date(2024, 4, 16))], MEASURE_4)


def test_one_document_in_time_is_enough_and_the_form_itself_proves_nothing() -> None:
    late, early = _doc(DocumentKind.ORDER, dt.date(2024, 2, 1)), _doc(DocumentKind.ORDER, dt.date(2023, 5, 1))
    assert not implemented_late([late, early], MEASURE_3)
    form = _doc(DocumentKind.INFORMATION, dt.date(2024, 3, 1), number="форма-2023-77")
    assert not implemented_late([form], MEASURE_3)
    assert not implemented_late([], MEASURE_3)
