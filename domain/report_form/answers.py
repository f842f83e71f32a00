"""A region's answers to the report form, typed per item kind; built only by validation against the schema."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.documents import DocumentDetails
from domain.report_form.paths import PathStep


class _Answer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TextAnswer(_Answer):
    """Free text."""

    kind: Literal["text"] = "text"
    text: str


class YesNoAnswer(_Answer):
    """Да / нет."""

    kind: Literal["yes_no"] = "yes_no"
    answer: bool


class YesNoDocumentAnswer(_Answer):
    """Да with the document's details, or нет (then no document)."""

    kind: Literal["yes_no_document"] = "yes_no_document"
    answer: bool
    document: DocumentDetails | None = None


class YesNoDetailAnswer(_Answer):
    """Да with a free-text detail, or нет."""

    kind: Literal["yes_no_detail"] = "yes_no_detail"
    answer: bool
    detail: str | None = None


class MultiYesNoAnswer(_Answer):
    """Да / нет per part, keyed by the part's key."""

    kind: Literal["multi_yes_no"] = "multi_yes_no"
    parts: dict[str, bool]


class DocumentAnswer(_Answer):
    """One document's details, or none."""

    kind: Literal["document"] = "document"
    document: DocumentDetails | None = None


class DocumentListAnswer(_Answer):
    """Several documents' details."""

    kind: Literal["document_list"] = "document_list"
    documents: tuple[DocumentDetails, ...] = ()


class CountsAnswer(_Answer):
    """Whole numbers per year; per part (keyed by the part's key) when the item has parts."""

    kind: Literal["counts"] = "counts"
    values: dict[int, int] = {}
    parts: dict[str, dict[int, int]] = {}
    detail: str | None = None


Cell = str | int | Decimal | dict[int, int]


class TableAnswer(_Answer):
    """The rows of a table; each row maps column item numbers to cell values."""

    kind: Literal["table"] = "table"
    rows: tuple[dict[str, Cell], ...] = ()


ItemAnswer = (
    TextAnswer
    | YesNoAnswer
    | YesNoDocumentAnswer
    | YesNoDetailAnswer
    | MultiYesNoAnswer
    | DocumentAnswer
    | DocumentListAnswer
    | CountsAnswer
    | TableAnswer
)


class FormAnswers(_Answer):
    """A region's complete, valid answers for one cycle, keyed by item number (tables by table key)."""

    cycle: int
    region: str
    items: dict[str, ItemAnswer]

    def answer(self, key: str) -> ItemAnswer:
        """The answer to item (or table) `key`."""
        return self.items[key]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an answer file, naming the item: «7.2: ожидается целое число, введено …».

    `message` is Russian, for the person; `code` its stable English name (for `--json`); `path` where in
    the item's answer it is (a part, a year, a field, a row), which places it on a workbook's cell."""

    item: str
    message: str
    code: str = "invalid_value"
    path: tuple[PathStep, ...] = ()

    def __str__(self) -> str:
        return f"{self.item}: {self.message}"
