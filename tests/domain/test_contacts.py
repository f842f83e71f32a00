"""Reading contacts from CSV: all rows valid or the whole file rejected, naming the line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.contacts import ContactRole, is_valid_email, parse_contacts_csv
from domain.errors import DomainError

HEADER = "participant,role,full_name,email\n"


def _parse(text: str, encoding: str = "utf-8") -> list[tuple[str, str, str]]:
    return [
        (c.participant, c.role.value, c.email) for c in parse_contacts_csv(text.encode(encoding), "c.csv")
    ]


def test_regions_and_federal_bodies_are_read_with_canonical_codes() -> None:
    rows = _parse(
        HEADER + "77,responsible,Иванов И. И.,ivanov@mos.ru\n"
        "5,заместитель,Петрова П. П.,petrova@e-dag.рф\n"
        "Минтруд России,coordinator,Сидоров С. С.,s@mintrud.gov.ru\n"
    )
    assert rows == [
        ("77", "responsible", "ivanov@mos.ru"),
        ("05", "deputy", "petrova@e-dag.рф"),
        ("Минтруд России", "coordinator", "s@mintrud.gov.ru"),
    ]


def test_semicolons_a_bom_russian_headers_and_blank_lines_are_accepted() -> None:
    text = "\ufeffУчастник;Роль;ФИО;Email\n\n78;координатор;Смирнова, А. А.;a@spb.ru\n"
    contacts = parse_contacts_csv(text.encode(), "c.csv")
    assert [(c.participant, c.role, c.full_name) for c in contacts] == [
        ("78", ContactRole.COORDINATOR, "Смирнова, А. А.")
    ]


def test_columns_may_come_in_any_order() -> None:
    assert _parse("email,full_name,role,participant\nx@y.ru,Имя,deputy,01\n") == [("01", "deputy", "x@y.ru")]


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        (
            "77,responsible,Иванов,ivanov@mos.ru\n78,deputy,Петров,x\n",
            "c.csv, строка 3: неверный адрес электронной почты «x»",
        ),
        ("00,responsible,Иванов,a@b.ru\n", "c.csv, строка 2: неизвестный субъект «00»"),
        ("Минздрав,responsible,Иванов,a@b.ru\n", "c.csv, строка 2: неизвестный участник «Минздрав»"),
        (
            "77,boss,Иванов,a@b.ru\n",
            "c.csv, строка 2: неизвестная роль «boss» (допустимы: responsible (ответственный), deputy "
            "(заместитель), coordinator (координатор))",
        ),
        ("77,responsible, ,a@b.ru\n", "c.csv, строка 2: ФИО не заполнено"),
        ("77,responsible,Иванов\n", "c.csv, строка 2: ожидается столбцов: 4"),
        ("77,deputy,Иванов,a@b.ru\n\n77,deputy,Иванов И.,A@b.ru\n", "c.csv, строка 4: повторяет строку 2"),
        ("", "c.csv: после заголовка нет ни одного контакта"),
    ],
)
def test_one_bad_row_rejects_the_file_naming_its_line(rows: str, error: str) -> None:
    with pytest.raises(DomainError) as excinfo:
        parse_contacts_csv((HEADER + rows).encode(), "c.csv")
    assert str(excinfo.value).startswith(error)
    assert "\n" not in str(excinfo.value)


def test_a_file_without_its_header_is_rejected() -> None:
    with pytest.raises(DomainError, match=r"^c\.csv, строка 1: в заголовке должны быть столбцы"):
        parse_contacts_csv(b"77,responsible,Ivanov,a@b.ru\n", "c.csv")
    with pytest.raises(DomainError, match=r"^c\.csv: файл пуст"):
        parse_contacts_csv(b"\n\n", "c.csv")


def test_text_that_is_not_utf8_is_rejected_with_its_line() -> None:
    data = (HEADER + "77,responsible,Иванов,a@b.ru\n").encode("cp1251")
    with pytest.raises(DomainError, match=r"^c\.csv, строка 2: не текст в кодировке UTF-8$"):
        parse_contacts_csv(data, "c.csv")


def test_error_messages_do_not_repeat_a_persons_name() -> None:
    with pytest.raises(DomainError) as excinfo:
        parse_contacts_csv((HEADER + "77,boss,Конфиденциальная Фамилия,a@b.ru\n").encode(), "c.csv")
    assert "Фамилия" not in str(excinfo.value)


@pytest.mark.parametrize(
    ("email", "valid"),
    [
        ("ivanov@mos.ru", True),
        ("first.last+tag@sub.example.org", True),
        ("info@минтруд.рф", True),
        ("x", False),
        ("a@b", False),
        ("a@@b.ru", False),
        (".a@b.ru", False),
        ("a..b@c.ru", False),
        ("a b@c.ru", False),
        ("a@-b.ru", False),
        ("a@b.123", False),
        ("иван@mos.ru", False),
    ],
)
def test_email_syntax(email: str, valid: bool) -> None:
    assert is_valid_email(email) is valid


@settings(max_examples=200, deadline=None)
@given(
    body=st.text(alphabet=st.sampled_from(list('77,;"\n\r @.ruxМинтруд России') + ["\x00", "é"]), max_size=80)
)
def test_any_file_is_read_or_rejected_in_one_line(body: str) -> None:
    message = ""
    try:
        contacts = parse_contacts_csv((HEADER + body).encode(), "c.csv")
    except DomainError as exc:
        message, contacts = str(exc), ()
    assert "\n" not in message
    assert message == "" or message.startswith("c.csv")
    assert all(is_valid_email(c.email) for c in contacts)
