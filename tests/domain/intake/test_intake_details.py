"""The details block of a region's reply: found quoted or not, every field checked."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.documents import DocumentKind
from domain.intake.details import DetailsError, parse_details

BLANK_QUOTED = """\
> Вид документа: …
> Номер: …
> Дата: …
> Кем издан: …
"""


def test_a_block_typed_under_the_quoted_blank_is_read() -> None:
    text = (
        "Добрый день, направляем приказ.\n\nВид документа: Приказ\nНомер: 12-п\nДата: 10.02.2027\n"
        "Кем издан: Министерство социального развития\nНазвание: О ранней помощи\n\n"
        "06.12.2026, Минздрав пишет:\n" + BLANK_QUOTED
    )
    found = parse_details(text)
    assert found.details.kind is DocumentKind.ORDER
    assert (found.details.number, found.details.date) == ("12-п", dt.date(2027, 2, 10))
    assert found.details.issuer == "Министерство социального развития"
    assert found.details.title == "О ранней помощи"
    assert found.milestone is None


def test_a_block_filled_inside_the_quote_is_read() -> None:
    text = ">> Вид документа: аналитическая записка\n> Номер: 7\n> Дата: 1.3.2027\n> Кем издан: Минсоц\n"
    found = parse_details(text)
    assert found.details.kind is DocumentKind.ANALYTICAL_NOTE
    assert found.details.date == dt.date(2027, 3, 1)


def test_the_stage_of_a_staged_measure_is_kept() -> None:
    text = "Вид документа: order\nНомер: 1\nДата: 01.02.2027\nКем издан: Минздрав\nЭтап: 2023\n"
    assert parse_details(text).milestone == "2023"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Спасибо, документ во вложении.\n" + BLANK_QUOTED, "нет реквизитов"),
        ("Вид документа: приказ\nНомер: 1\nДата: 01.02.2027\n", "не заполнено: «Кем издан»"),
        ("Вид документа: указ\nНомер: 1\nДата: 01.02.2027\nКем издан: М\n", "неизвестный вид «указ»"),
        ("Вид документа: приказ\nНомер: 1\nДата: 2027-02-01\nКем издан: М\n", "ожидается ДД.ММ.ГГГГ"),
        ("Вид документа: приказ\nНомер: 1\nДата: 31.02.2027\nКем издан: М\n", "такой даты нет"),
    ],
)
def test_a_missing_or_bad_field_is_named(text: str, message: str) -> None:
    with pytest.raises(DetailsError, match=message):
        parse_details(text)
