"""Documents that prove a measure: their kind and details, and the stored file's fingerprint."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator


class DocumentKind(StrEnum):
    """Kinds of documents the plan names (вид документа); the value is the code used in CLI and JSON."""

    ORDER = "order"  # приказ
    RESOLUTION = "resolution"  # постановление
    DIRECTIVE = "directive"  # распоряжение
    REGISTER = "register"  # реестр
    REPORT = "report"  # доклад
    ANALYTICAL_NOTE = "analytical_note"  # аналитическая записка
    GUIDELINES = "guidelines"  # методические рекомендации
    INFORMATION = "information"  # информация
    PROGRAM = "program"  # программа
    PLAN = "plan"  # план
    REGULATORY_ACT = "regulatory_act"  # нормативный правовой акт
    AGREEMENT = "agreement"  # соглашение
    LETTER = "letter"  # письмо
    OTHER = "other"  # иной документ


DOCUMENT_KIND_LABELS_RU: dict[DocumentKind, str] = {
    DocumentKind.ORDER: "приказ",
    DocumentKind.RESOLUTION: "постановление",
    DocumentKind.DIRECTIVE: "распоряжение",
    DocumentKind.REGISTER: "реестр",
    DocumentKind.REPORT: "доклад",
    DocumentKind.ANALYTICAL_NOTE: "аналитическая записка",
    DocumentKind.GUIDELINES: "методические рекомендации",
    DocumentKind.INFORMATION: "информация",
    DocumentKind.PROGRAM: "программа",
    DocumentKind.PLAN: "план",
    DocumentKind.REGULATORY_ACT: "нормативный правовой акт",
    DocumentKind.AGREEMENT: "соглашение",
    DocumentKind.LETTER: "письмо",
    DocumentKind.OTHER: "иной документ",
}

# Other words officials use for a kind, beyond the plan's own (lower case, «ё» as «е»).
_KIND_SYNONYMS: dict[str, DocumentKind] = {
    "нпа": DocumentKind.REGULATORY_ACT,
    "методические рекомендации": DocumentKind.GUIDELINES,
    "рекомендации": DocumentKind.GUIDELINES,
    "записка": DocumentKind.ANALYTICAL_NOTE,
    "отчет": DocumentKind.REPORT,
    "иное": DocumentKind.OTHER,
    "другое": DocumentKind.OTHER,
}


def _kind_key(text: str) -> str:
    return " ".join(text.strip().lower().replace("ё", "е").split())


_KIND_BY_WORD: dict[str, DocumentKind] = {
    **{_kind_key(k.value): k for k in DocumentKind},
    **{_kind_key(label): k for k, label in DOCUMENT_KIND_LABELS_RU.items()},
    **_KIND_SYNONYMS,
}


def parse_document_kind(text: str) -> DocumentKind | None:
    """The kind named by its code (`order`) or by the plan's Russian word (`приказ`, `Аналитическая
    записка`), whatever the case and spacing; None when nothing matches."""
    return _KIND_BY_WORD.get(_kind_key(text))


def document_kind_words() -> str:
    """The plan's words for the kinds, as drop-downs and one-line errors list them."""
    return ", ".join(DOCUMENT_KIND_LABELS_RU[k] for k in DocumentKind)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


_FIELD_LABELS_RU = {"number": "номер", "issuer": "кем принят"}


def _clean_line(value: str, field: str) -> str:
    value = value.strip()
    label = _FIELD_LABELS_RU.get(field, field)
    if not value:
        raise ValueError(f"поле «{label}» не заполнено")
    if _CONTROL.search(value):
        raise ValueError(f"поле «{label}» должно быть одной строкой без управляющих символов")
    return value


class DocumentDetails(BaseModel):
    """Реквизиты документа: kind, number, date, issuer."""

    model_config = ConfigDict(frozen=True)

    kind: DocumentKind
    number: str = Field(max_length=100)
    date: dt.date
    issuer: str = Field(max_length=500)
    title: str | None = Field(default=None, max_length=1000)

    @field_validator("number")
    @classmethod
    def _number_one_line(cls, v: str) -> str:
        return _clean_line(v, "number")

    @field_validator("issuer")
    @classmethod
    def _issuer_one_line(cls, v: str) -> str:
        return _clean_line(v, "issuer")


# The annual form filed as a measure's document when its answers name none: numbered «форма-2026-77».
FORM_STAND_IN_PREFIX = "форма-"


def is_form_stand_in(details: DocumentDetails) -> bool:
    """The report form itself standing in for a measure's document (dated when filed, proving nothing
    about when the measure was carried out)."""
    return details.kind is DocumentKind.INFORMATION and details.number.startswith(FORM_STAND_IN_PREFIX)


class StoredFile(BaseModel):
    """A file kept content-addressed: the SHA-256 of its bytes names it."""

    model_config = ConfigDict(frozen=True)

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)
    media_type: str
    filename: str


class SubmittedDocument(BaseModel):
    """A document as a submission carries it: its details and its stored file."""

    model_config = ConfigDict(frozen=True)

    details: DocumentDetails
    file: StoredFile
