"""The block of document details a region's official fills in a reply, read from the reply's text.

The reminder quotes the block for the official to fill:

    Вид документа: приказ
    Номер: 12-п
    Дата: 10.02.2027
    Кем издан: Министерство социального развития …
    Название: … (optional)
    Этап: … (optional, staged measures)

Mail clients quote the message they answer (`> `, sometimes nested) and wrap or re-indent it, so the
block is found anywhere in the text, quoted or not. A field filled twice counts as the last value that
differs from the template's placeholder: an official typing below the quoted blank block wins over it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pydantic import ValidationError

from domain.documents import DOCUMENT_KIND_LABELS_RU, DocumentDetails, parse_document_kind

# The labels as the reminder prints them, and the field each fills.
LABELS: dict[str, str] = {
    "вид документа": "kind",
    "номер": "number",
    "дата": "date",
    "кем издан": "issuer",
    "название": "title",
    "этап": "milestone",
}
REQUIRED = ("kind", "number", "date", "issuer")
# What the reminder leaves in a field for the official to replace.
PLACEHOLDER = "…"

_QUOTE = re.compile(r"^(?:\s*>)+\s?")
_LINE = re.compile(r"^\s*([А-Яа-яЁё ]{3,20}?)\s*:\s*(.*?)\s*$")
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_MAX_VALUE = 1000
_MAX_LINES = 5000  # the block is near the top of a reply; a longer text is read no further


class DetailsError(ValueError):
    """The details block is missing or malformed (the message names the field, in Russian)."""


@dataclass(frozen=True)
class ReplyDetails:
    """What the official wrote: the document's details, and the stage for a staged measure."""

    details: DocumentDetails
    milestone: str | None = None


def _is_blank(value: str) -> bool:
    return not value.strip(" .…_-") or value.strip() == PLACEHOLDER


def fields_of(text: str, labels: dict[str, str] | None = None) -> dict[str, str]:
    """The filled fields of the block found in `text` (field name → value), quoting removed; `labels`:
    the labels to read (the details block's by default)."""
    labels = LABELS if labels is None else labels
    found: dict[str, str] = {}
    for raw in text.splitlines()[:_MAX_LINES]:
        line = _QUOTE.sub("", raw)
        match = _LINE.match(line)
        if not match:
            continue
        field = labels.get(" ".join(match.group(1).lower().replace("ё", "е").split()))
        value = match.group(2)
        if field is None or _is_blank(value):
            continue
        found[field] = value[:_MAX_VALUE]
    return found


def read_date(value: str, label: str = "Дата") -> dt.date:
    """A date written ДД.ММ.ГГГГ; DetailsError naming the field otherwise."""
    match = _DATE.match(value.strip())
    if not match:
        raise DetailsError(f"«{label}»: ожидается ДД.ММ.ГГГГ, а указано «{value[:40]}».")
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DetailsError(f"«{label}»: такой даты нет — «{value[:40]}».") from None


_RU = {"kind": "Вид документа", "number": "Номер", "date": "Дата", "issuer": "Кем издан", "title": "Название"}
# Pydantic's error types, as the official reads them (its own messages are English).
_PROBLEM_RU = {
    "string_too_long": "слишком длинное значение",
    "value_error": "значение должно быть одной строкой, без служебных символов",
    "missing": "не заполнено",
}


def document_kind_words_ru() -> str:
    """The plan's Russian words for the kinds of documents."""
    return ", ".join(DOCUMENT_KIND_LABELS_RU.values())


def parse_details(text: str) -> ReplyDetails:
    """The document details in a reply's text; DetailsError naming the first missing or bad field."""
    found = fields_of(text)
    missing = [_RU[f] for f in REQUIRED if f not in found]
    if len(missing) == len(REQUIRED):
        raise DetailsError(
            "В письме нет реквизитов документа (строк «Вид документа: …», «Номер: …» и других)."
        )
    if missing:
        raise DetailsError(
            f"В реквизитах документа не заполнено: {', '.join('«' + m + '»' for m in missing)}."
        )
    kind = parse_document_kind(found["kind"])
    if kind is None:
        raise DetailsError(
            f"«Вид документа»: неизвестный вид «{found['kind'][:60]}»; допустимы: {document_kind_words_ru()}."
        )
    try:
        details = DocumentDetails(
            kind=kind,
            number=found["number"],
            date=read_date(found["date"]),
            issuer=found["issuer"],
            title=found.get("title"),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _RU.get(str(first["loc"][0]), "реквизиты") if first["loc"] else "реквизиты"
        raise DetailsError(f"«{where}»: {_PROBLEM_RU.get(first['type'], 'значение не подходит')}.") from None
    return ReplyDetails(details=details, milestone=found.get("milestone"))
