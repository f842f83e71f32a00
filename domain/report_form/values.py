"""Readers for the values of an answer file (as YAML parses them) into typed values, or a one-line reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError

from domain.documents import DocumentDetails, DocumentKind, parse_document_kind


class BadValue(Exception):
    """A value that does not fit its item; the message says why in one line."""


_YES = frozenset({"да", "yes", "true", "д", "y"})
_NO = frozenset({"нет", "no", "false", "н", "n"})
DOCUMENT_FIELDS = ("kind", "number", "date", "issuer", "title")
_REQUIRED_DOCUMENT_FIELDS = ("kind", "number", "date", "issuer")


def shown(value: object) -> str:
    """A value as a message quotes it: short, on one line."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def is_blank(value: object) -> bool:
    """None, an empty string, or a mapping/list of blanks."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Mapping):
        return all(is_blank(v) for v in value.values())
    if isinstance(value, list):
        return all(is_blank(v) for v in value)
    return False


def read_yes_no(value: object) -> bool:
    """true/false, or да/нет (yes/no) as text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    if value is None or value == "":
        raise BadValue("answer yes or no (true/false, да/нет)")
    raise BadValue(f"expected yes or no (true/false, да/нет), got {shown(value)}")


def read_text(value: object) -> str:
    """Non-empty text; numbers and dates are taken as their text."""
    if isinstance(value, bool):
        raise BadValue(f"expected text, got {shown(value)}")
    if isinstance(value, int | float | Decimal | dt.date):
        return str(value)
    if isinstance(value, str):
        if not value.strip():
            raise BadValue("must not be empty")
        return value.strip()
    if value is None:
        raise BadValue("must not be empty")
    raise BadValue(f"expected text, got a {type(value).__name__}")


def read_count(value: object) -> int:
    """A whole number of at least zero."""
    if value is None or value == "":
        raise BadValue("missing number")
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValue(f"expected a whole number, got {shown(value)}")
    if value < 0:
        raise BadValue(f"must not be negative, got {value}")
    return value


def read_amount(value: object) -> Decimal:
    """A non-negative amount; a decimal comma is accepted."""
    if value is None or value == "":
        raise BadValue("missing amount")
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise BadValue(f"expected an amount, got {shown(value)}")
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise BadValue(f"expected an amount, got {shown(value)}") from None
    if not amount.is_finite() or amount < 0:
        raise BadValue(f"expected an amount of at least zero, got {shown(value)}")
    return amount


def read_year_counts(value: object, years: tuple[int, ...]) -> dict[int, int]:
    """A whole number for each of `years`, keyed by year."""
    if not isinstance(value, Mapping):
        raise BadValue(f"expected a number for each year {', '.join(map(str, years))}")
    by_year = {_year_key(k): v for k, v in value.items()}
    unknown = sorted(str(k) for k in by_year if k not in years)
    if unknown:
        raise BadValue(f"unknown year {unknown[0]} (expected {', '.join(map(str, years))})")
    missing = [str(y) for y in years if is_blank(by_year.get(y))]
    if missing:
        raise BadValue(f"missing number for {', '.join(missing)}")
    result: dict[int, int] = {}
    for year in years:
        try:
            result[year] = read_count(by_year.get(year))
        except BadValue as exc:
            raise BadValue(f"{year}: {exc}") from None
    return result


def _year_key(key: object) -> int | str:
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    text = str(key).strip()
    return int(text) if text.isdigit() else text


def read_document_kind(value: object) -> DocumentKind:
    """A document kind by its code (`order`) or its Russian name (`приказ`)."""
    kind = parse_document_kind(str(value)) if value is not None else None
    if kind is not None:
        return kind
    codes = ", ".join(k.value for k in DocumentKind)
    raise BadValue(f"kind: unknown document kind {shown(value)} (one of: {codes})")


def read_date(value: object) -> dt.date:
    """A date as YAML gives it, or text `YYYY-MM-DD` or `DD.MM.YYYY`."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 - a date, no time
            except ValueError:
                continue
    raise BadValue(f"date: expected YYYY-MM-DD, got {shown(value)}")


def read_document(value: object) -> DocumentDetails | None:
    """A document's details, or None when every field is blank."""
    if is_blank(value):
        return None
    if not isinstance(value, Mapping):
        raise BadValue("expected the document's kind, number, date and issuer")
    unknown = [str(k) for k in value if k not in DOCUMENT_FIELDS]
    if unknown:
        raise BadValue(f"unknown document field {unknown[0]!r} (expected {', '.join(DOCUMENT_FIELDS)})")
    missing = [f for f in _REQUIRED_DOCUMENT_FIELDS if is_blank(value.get(f))]
    if missing:
        raise BadValue(f"missing {', '.join(missing)}")
    kind = read_document_kind(value["kind"])
    date = read_date(value["date"])
    title = value.get("title")
    try:
        return DocumentDetails(
            kind=kind,
            number=str(value["number"]),
            date=date,
            issuer=str(value["issuer"]),
            title=None if is_blank(title) else str(title).strip(),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise BadValue(f"{field}: {first['msg']}") from None
