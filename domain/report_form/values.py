"""Readers for the values of an answer file (as YAML parses them) into typed values, or a one-line reason.

Reasons are Russian, in the words the workbook's own labels and drop-downs use («да»/«нет», the plan's
document kinds, «ДД.ММ.ГГГГ», «1 234,5»), each with a stable English code and the path to the value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError

from domain.documents import DocumentDetails, DocumentKind, document_kind_words, parse_document_kind
from domain.report_form.paths import PathStep


class BadValue(Exception):
    """A value that does not fit its item: why (Russian), a stable code, and where under the item."""

    def __init__(self, message: str, code: str = "invalid_value", path: tuple[PathStep, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.path = path

    def under(self, step: PathStep, label: str) -> BadValue:
        """The same problem one step further out: «2025: …» inside «здравоохранение, 2025: …»."""
        message = f"{label}: {self.message}" if label else self.message
        return BadValue(message, self.code, (step, *self.path))


_YES = frozenset({"да", "yes", "true", "д", "y"})
_NO = frozenset({"нет", "no", "false", "н", "n"})
DOCUMENT_FIELDS = ("kind", "number", "date", "issuer", "title")
_REQUIRED_DOCUMENT_FIELDS = ("kind", "number", "date", "issuer")
# The words the workbook labels a document's fields with.
DOCUMENT_FIELD_LABELS_RU: dict[str, str] = {
    "kind": "вид документа",
    "number": "номер",
    "date": "дата",
    "issuer": "кем принят",
    "title": "название",
}


def shown(value: object) -> str:
    """A value as a message quotes it: short, on one line, in «ёлочках»."""
    if isinstance(value, dt.date):
        text = f"{value:%d.%m.%Y}"
    elif isinstance(value, bool):
        text = "да" if value else "нет"
    else:
        text = " ".join(str(value).split())
    return f"«{text}»" if len(text) <= 60 else f"«{text[:57]}…»"


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
    """«да»/«нет» (also true/false, yes/no as an answer file may have them)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    if value is None or value == "":
        raise BadValue("ответьте «да» или «нет»", "missing_yes_no")
    raise BadValue(f"ожидается «да» или «нет», введено {shown(value)}", "not_yes_no")


def read_text(value: object) -> str:
    """Non-empty text; numbers and dates are taken as their text."""
    if isinstance(value, bool):
        raise BadValue(f"ожидается текст, введено {shown(value)}", "not_text")
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, str):
        if not value.strip():
            raise BadValue("не заполнено", "empty")
        return value.strip()
    if value is None:
        raise BadValue("не заполнено", "empty")
    raise BadValue("ожидается текст", "not_text")


def read_count(value: object) -> int:
    """A whole number of at least zero."""
    if value is None or value == "":
        raise BadValue("не указано число", "missing_number")
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValue(f"ожидается целое число, введено {shown(value)}", "not_whole_number")
    if value < 0:
        raise BadValue(f"число не может быть отрицательным, введено {shown(value)}", "negative_number")
    return value


def read_amount(value: object) -> Decimal:
    """A non-negative amount; a decimal comma and spaces between thousands are accepted."""
    if value is None or value == "":
        raise BadValue("не указана сумма", "missing_amount")
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise BadValue(f"ожидается сумма, введено {shown(value)}", "not_amount")
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        message = f"ожидается сумма, например «1 234,5», введено {shown(value)}"
        raise BadValue(message, "not_amount") from None
    if not amount.is_finite() or amount < 0:
        raise BadValue(f"сумма не может быть отрицательной, введено {shown(value)}", "negative_amount")
    return amount


def _years_text(years: tuple[int, ...]) -> str:
    return ", ".join(map(str, years))


def read_year_counts(value: object, years: tuple[int, ...]) -> dict[int, int]:
    """A whole number for each of `years`, keyed by year."""
    if not isinstance(value, Mapping):
        raise BadValue(f"ожидается число за каждый год: {_years_text(years)}", "missing_number")
    by_year = {_year_key(k): v for k, v in value.items()}
    unknown = sorted(str(k) for k in by_year if k not in years)
    if unknown:
        raise BadValue(
            f"год {shown(unknown[0])} не из формы (ожидаются {_years_text(years)})", "unknown_year"
        )
    missing = [y for y in years if is_blank(by_year.get(y))]
    if missing:
        raise BadValue(f"не указано число за {_years_text(tuple(missing))}", "missing_number", (missing[0],))
    result: dict[int, int] = {}
    for year in years:
        try:
            result[year] = read_count(by_year.get(year))
        except BadValue as exc:
            raise exc.under(year, str(year)) from None
    return result


def _year_key(key: object) -> int | str:
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    text = str(key).strip()
    return int(text) if text.isdigit() else text


def read_document_kind(value: object) -> DocumentKind:
    """A document kind by the plan's word (`приказ`), or the code an answer file may use."""
    kind = parse_document_kind(str(value)) if value is not None else None
    if kind is not None:
        return kind
    words = document_kind_words()
    label = DOCUMENT_FIELD_LABELS_RU["kind"]
    raise BadValue(
        f"{label}: неизвестный вид {shown(value)} (допустимы: {words})", "unknown_document_kind", ("kind",)
    )


def read_date(value: object) -> dt.date:
    """A date as YAML or a spreadsheet gives it, or text `ДД.ММ.ГГГГ` (also `ГГГГ-ММ-ДД`)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 - a date, no time
            except ValueError:
                continue
    raise BadValue(f"дата: ожидается ДД.ММ.ГГГГ, введено {shown(value)}", "not_date", ("date",))


def _fields_text(fields: tuple[str, ...] | list[str]) -> str:
    return ", ".join(DOCUMENT_FIELD_LABELS_RU[f] for f in fields)


def read_document(value: object) -> DocumentDetails | None:
    """A document's details, or None when every field is blank."""
    if is_blank(value):
        return None
    if not isinstance(value, Mapping):
        required = _fields_text(_REQUIRED_DOCUMENT_FIELDS)
        raise BadValue(f"ожидаются реквизиты документа: {required}", "not_document")
    unknown = [str(k) for k in value if k not in DOCUMENT_FIELDS]
    if unknown:
        expected = _fields_text(DOCUMENT_FIELDS)
        raise BadValue(
            f"поле {shown(unknown[0])} не из реквизитов документа (ожидаются: {expected})", "unknown_field"
        )
    missing = [f for f in _REQUIRED_DOCUMENT_FIELDS if is_blank(value.get(f))]
    if missing:
        raise BadValue(f"не заполнено: {_fields_text(missing)}", "missing_document_field", (missing[0],))
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
        field = str(first["loc"][0]) if first["loc"] else "number"
        label = DOCUMENT_FIELD_LABELS_RU.get(field, field)
        raise BadValue(f"{label}: {_pydantic_reason(first)}", "invalid_document_field", (field,)) from None


def _pydantic_reason(error: Mapping[str, object]) -> str:
    """A model's refusal in Russian: the validators' own Russian text, or the limit that was broken."""
    kind = error.get("type")
    context = error.get("ctx")
    limits = context if isinstance(context, Mapping) else {}
    if kind == "string_too_long":
        return f"не длиннее {limits.get('max_length')} знаков"
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    return "недопустимое значение"
