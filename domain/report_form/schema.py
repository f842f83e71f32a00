"""The report form's structure: sections tied to measures, typed items, tables with their columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from domain.errors import DomainError


class ItemKind(StrEnum):
    """How a form item is answered."""

    TEXT = "text"  # free text
    YES_NO = "yes_no"  # да / нет
    YES_NO_DOCUMENT = "yes_no_document"  # да (with the document's details) / нет
    YES_NO_DETAIL = "yes_no_detail"  # да (with a free-text detail, e.g. an information system) / нет
    MULTI_YES_NO = "multi_yes_no"  # да / нет for each part (e.g. each department)
    DOCUMENT = "document"  # one document's details, or none
    DOCUMENT_LIST = "document_list"  # several documents' details
    COUNTS = "counts"  # whole numbers per year, optionally per part and with a free-text detail
    TABLE_COLUMN = "table_column"  # one column of a table; answered row by row with the table


class CellType(StrEnum):
    """The type of a table column's cells."""

    TEXT = "text"
    INTEGER = "integer"  # a non-negative whole number
    DECIMAL = "decimal"  # a non-negative amount (e.g. thousand roubles)
    CHOICE = "choice"  # one of the column's choices
    COUNTS = "counts"  # whole numbers per year


@dataclass(frozen=True)
class FormPart:
    """A named part of an item (a department, a kind of unit) or a choice of a column."""

    key: str
    label: str


@dataclass(frozen=True)
class FormItem:
    """One numbered question of the form, with the seed's wording and the measure it reports on."""

    number: str
    measure: int
    text: str
    kind: ItemKind
    hint: str | None = None
    detail_prompt: str | None = None
    parts: tuple[FormPart, ...] = ()
    years: tuple[int, ...] = ()
    cell: CellType | None = None
    choices: tuple[FormPart, ...] = ()
    table: str | None = None
    # The seed leaves a few questions unnumbered (9.3); the number is inferred from its position.
    numbered_in_seed: bool = True

    @property
    def sort_key(self) -> tuple[int, ...]:
        """Numeric ordering key: 5.1.2 < 5.2 < 5.10."""
        return tuple(int(p) for p in self.number.split("."))


@dataclass(frozen=True)
class FormTable:
    """A table of the form: its columns are items; the answer is a list of rows."""

    key: str
    measure: int
    columns: tuple[FormItem, ...]


@dataclass(frozen=True)
class FormSection:
    """The part of the form that reports on one measure of the plan."""

    measure: int
    title: str
    items: tuple[FormItem, ...]


@dataclass(frozen=True)
class ReportForm:
    """A cycle's report form: sections in the seed's order."""

    cycle: int
    previous_year: int
    sections: tuple[FormSection, ...]
    # The cycle whose published form this one repeats with its years moved (None: published as is).
    derived_from: int | None = None
    _by_number: dict[str, FormItem] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_number", {i.number: i for s in self.sections for i in s.items})

    @property
    def derived_note_ru(self) -> str | None:
        """How a template or report says the form was derived, in Russian (None for a published form)."""
        if self.derived_from is None:
            return None
        # The year of the published form stays out of the wording: a region must not mistake which year
        # it reports on.
        return (
            f"Форма за {self.cycle} год составлена по опубликованной форме первого отчётного года плана "
            "с заменой годов."
        )

    @cached_property
    def items(self) -> tuple[FormItem, ...]:
        """Every item, in the form's order."""
        return tuple(i for s in self.sections for i in s.items)

    @cached_property
    def measures(self) -> tuple[int, ...]:
        """The plan's measures this form asks about."""
        return tuple(s.measure for s in self.sections)

    def item(self, number: str) -> FormItem:
        """The item numbered `number`; DomainError if the form has none."""
        try:
            return self._by_number[number]
        except KeyError:
            raise DomainError(f"пункта «{number}» нет в форме за {self.cycle} год", "unknown_item") from None

    def items_for_measure(self, measure: int) -> tuple[FormItem, ...]:
        """The items reporting on one measure (empty if the form does not ask about it)."""
        return tuple(i for s in self.sections if s.measure == measure for i in s.items)

    @cached_property
    def tables(self) -> tuple[FormTable, ...]:
        """The tables, each with its column items."""
        result: list[FormTable] = []
        for section in self.sections:
            keys = dict.fromkeys(i.table for i in section.items if i.table)
            for key in keys:
                cols = tuple(i for i in section.items if i.table == key)
                result.append(FormTable(key=key, measure=section.measure, columns=cols))
        return tuple(result)

    def table(self, key: str) -> FormTable:
        """The table with this key (e.g. "7.1-7.3")."""
        for table in self.tables:
            if table.key == key:
                return table
        raise DomainError(f"таблицы «{key}» нет в форме за {self.cycle} год", "unknown_table")

    @cached_property
    def answer_keys(self) -> tuple[str, ...]:
        """Keys of an answer file in order: item numbers, and one key per table in place of its columns."""
        keys: list[str] = []
        for item in self.items:
            key = item.table or item.number
            if key not in keys:
                keys.append(key)
        return tuple(keys)


def table_key(columns: tuple[str, ...]) -> str:
    """A table's answer key from its column numbers: ("7.1", "7.2", "7.3") -> "7.1-7.3"."""
    return f"{columns[0]}-{columns[-1]}"
