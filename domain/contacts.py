"""Participants' work contacts: who receives a region's or federal body's mail, read from a CSV file.

A file is all or nothing: one bad row rejects it, naming the line. Messages never repeat a person's name.
"""

from __future__ import annotations

import csv
import io
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.errors import DomainError
from domain.plan.participants import check_region, is_federal_participant


class ContactRole(StrEnum):
    """A contact's role for its participant."""

    RESPONSIBLE = "responsible"  # ответственный
    DEPUTY = "deputy"  # заместитель
    COORDINATOR = "coordinator"  # координатор


ROLE_LABELS_RU: dict[ContactRole, str] = {
    ContactRole.RESPONSIBLE: "ответственный",
    ContactRole.DEPUTY: "заместитель",
    ContactRole.COORDINATOR: "координатор",
}


class Contact(BaseModel):
    """An official's work contact for one participant (a region code or a federal body's short name)."""

    model_config = ConfigDict(frozen=True)

    participant: str
    role: ContactRole
    full_name: str
    email: str


CSV_COLUMNS = ("participant", "role", "full_name", "email")
_HEADER_NAMES: dict[str, str] = {
    "participant": "participant",
    "участник": "participant",
    "region": "participant",
    "субъект": "participant",
    "role": "role",
    "роль": "role",
    "full_name": "full_name",
    "full name": "full_name",
    "name": "full_name",
    "фио": "full_name",
    "email": "email",
    "e-mail": "email",
    "эл. почта": "email",
    "электронная почта": "email",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^[^\W_](?:[\w-]{0,61}[^\W_])?$")


def is_valid_email(text: str) -> bool:
    """An address of the form local@domain.tld (the domain may be in Cyrillic, e.g. .рф)."""
    if len(text) > 254 or text.count("@") != 1:
        return False
    local, domain = text.split("@")
    labels = domain.split(".")
    return (
        len(local) <= 64
        and bool(_LOCAL.match(local))
        and len(labels) >= 2
        and all(_LABEL.match(label) for label in labels)
        and not labels[-1].isdigit()
    )


def read_participant(text: str) -> str:
    """A region's canonical code or a federal participant's short name; DomainError otherwise."""
    value = " ".join(text.split())
    if value.isdigit():
        return check_region(value)
    if is_federal_participant(value):
        return value
    raise DomainError(
        f"неизвестный участник «{value}»: ожидается код субъекта или краткое название федерального органа",
        "unknown_participant",
    )


def read_role(text: str) -> ContactRole:
    """A role by its code or Russian label."""
    value = text.strip().lower()
    for role in ContactRole:
        if value in (role.value, ROLE_LABELS_RU[role]):
            return role
    roles = ", ".join(f"{r.value} ({ROLE_LABELS_RU[r]})" for r in ContactRole)
    raise DomainError(f"неизвестная роль «{text.strip()}» (допустимы: {roles})", "unknown_role")


def _read_row(cells: dict[str, str]) -> Contact:
    participant = read_participant(cells["participant"])
    role = read_role(cells["role"])
    full_name = " ".join(cells["full_name"].split())
    if not full_name:
        raise DomainError("ФИО не заполнено", "empty_name")
    if len(full_name) > 200 or _CONTROL.search(cells["full_name"].replace("\n", " ")):
        raise DomainError("ФИО длиннее 200 знаков или содержит управляющие символы", "bad_name")
    email = cells["email"].strip()
    if not is_valid_email(email):
        raise DomainError(f"неверный адрес электронной почты «{email}»", "bad_email")
    return Contact(participant=participant, role=role, full_name=full_name, email=email)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DomainError(f"{source}, строка {line}: не текст в кодировке UTF-8", "not_utf8") from None


def _header(row: list[str], source: str, line: int) -> list[str]:
    names = [_HEADER_NAMES.get(" ".join(c.split()).lower(), "") for c in row]
    if sorted(names) != sorted(CSV_COLUMNS):
        raise DomainError(
            f"{source}, строка {line}: в заголовке должны быть столбцы {', '.join(CSV_COLUMNS)}", "bad_header"
        )
    return names


def parse_contacts_csv(data: bytes, source: str) -> tuple[Contact, ...]:
    """Contacts from a UTF-8 CSV (comma or semicolon separated, header first); DomainError names the line."""
    text = _decode(data, source)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    contacts: list[Contact] = []
    seen: dict[tuple[str, ContactRole, str], int] = {}
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = _header(row, source, reader.line_num)
                continue
            line = reader.line_num
            if len(row) != len(header):
                raise DomainError(
                    f"{source}, строка {line}: ожидается столбцов: {len(header)} ({', '.join(CSV_COLUMNS)}), "
                    f"указано: {len(row)}",
                    "bad_row",
                )
            try:
                contact = _read_row(dict(zip(header, row, strict=True)))
            except DomainError as exc:
                raise DomainError(f"{source}, строка {line}: {exc}", exc.code) from None
            key = (contact.participant, contact.role, contact.email.lower())
            if key in seen:
                raise DomainError(
                    f"{source}, строка {line}: повторяет строку {seen[key]} (тот же участник, роль и адрес)",
                    "duplicate_row",
                )
            seen[key] = line
            contacts.append(contact)
    except csv.Error as exc:
        message = f"{source}, строка {reader.line_num}: файл CSV повреждён: «{exc}»"
        raise DomainError(message, "malformed_csv") from None
    if header is None:
        raise DomainError(f"{source}: файл пуст, ожидается заголовок {', '.join(CSV_COLUMNS)}", "empty_file")
    if not contacts:
        raise DomainError(f"{source}: после заголовка нет ни одного контакта", "no_contacts")
    return tuple(contacts)
