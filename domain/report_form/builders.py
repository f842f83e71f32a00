"""Constructors that keep the report form's data readable: one call per item, measure from its number."""

from __future__ import annotations

from dataclasses import dataclass

from domain.report_form.schema import CellType, FormItem, FormPart, FormSection, ItemKind, table_key

RESULT = "Результат реализации мероприятия"
RESULT_HINT = (
    "Опишите, как данные мероприятия повлияли на повышение доступности/качества оказания ранней помощи "
    "в субъекте Российской Федерации"
)
DYNAMICS = "Необходимо отразить динамику по сравнению с данными за предшествующий, 2022 год, соответственно"
# The 2023 form compares the reporting year with the year before.
YEARS = (2023, 2022)

DEPARTMENTS = (
    FormPart("health", "Здравоохранения"),
    FormPart("social_protection", "Социальной защиты"),
    FormPart("education", "Образования"),
    FormPart("non_state_providers", "Негосударственные поставщики услуг в сфере ранней помощи"),
)


def _measure(number: str) -> int:
    return int(number.split(".")[0])


def _item(number: str, text: str, kind: ItemKind, **extra: object) -> FormItem:
    return FormItem(number=number, measure=_measure(number), text=text, kind=kind, **extra)  # type: ignore[arg-type]


def text(number: str, question: str, hint: str | None = None, *, numbered: bool = True) -> FormItem:
    """A free-text item."""
    return _item(number, question, ItemKind.TEXT, hint=hint, numbered_in_seed=numbered)


def result(number: str, *, numbered: bool = True) -> FormItem:
    """The «Результат реализации мероприятия» item that closes most sections."""
    return text(number, RESULT, RESULT_HINT, numbered=numbered)


def yes_no(number: str, question: str) -> FormItem:
    """A plain да/нет item."""
    return _item(number, question, ItemKind.YES_NO)


def yes_no_document(number: str, question: str, prompt: str) -> FormItem:
    """Да with the document's details / нет."""
    return _item(number, question, ItemKind.YES_NO_DOCUMENT, detail_prompt=prompt)


def yes_no_detail(number: str, question: str, prompt: str) -> FormItem:
    """Да with a free-text detail / нет."""
    return _item(number, question, ItemKind.YES_NO_DETAIL, detail_prompt=prompt)


def multi_yes_no(number: str, question: str, parts: tuple[FormPart, ...]) -> FormItem:
    """Да/нет for each part."""
    return _item(number, question, ItemKind.MULTI_YES_NO, parts=parts)


def document(number: str, question: str, hint: str | None = None) -> FormItem:
    """One document's details (or none)."""
    return _item(number, question, ItemKind.DOCUMENT, hint=hint)


def document_list(number: str, question: str, hint: str | None = None) -> FormItem:
    """Several documents' details."""
    return _item(number, question, ItemKind.DOCUMENT_LIST, hint=hint)


def counts(
    number: str,
    question: str,
    hint: str | None = None,
    *,
    parts: tuple[FormPart, ...] = (),
    years: tuple[int, ...] = YEARS,
    detail_prompt: str | None = None,
) -> FormItem:
    """Whole numbers per year (and per part, if any)."""
    return _item(
        number, question, ItemKind.COUNTS, hint=hint, parts=parts, years=years, detail_prompt=detail_prompt
    )


@dataclass(frozen=True)
class Column:
    """A table column as the seed gives it: header, the instruction in its cell, the cell type."""

    header: str
    hint: str
    cell: CellType
    choices: tuple[FormPart, ...] = ()
    years: tuple[int, ...] = ()


def table(first: str, *columns: Column) -> tuple[FormItem, ...]:
    """The column items of a table whose first column is numbered `first` (e.g. "7.1")."""
    section, start = first.split(".")
    numbers = tuple(f"{section}.{int(start) + n}" for n in range(len(columns)))
    key = table_key(numbers)
    return tuple(
        _item(
            number,
            col.header,
            ItemKind.TABLE_COLUMN,
            hint=col.hint,
            cell=col.cell,
            choices=col.choices,
            years=col.years,
            table=key,
        )
        for number, col in zip(numbers, columns, strict=True)
    )


def section(measure: int, title: str, *entries: FormItem | tuple[FormItem, ...]) -> FormSection:
    """A section: the measure's heading as the form prints it, then its items."""
    items: list[FormItem] = []
    for entry in entries:
        items.extend(entry if isinstance(entry, tuple) else (entry,))
    return FormSection(measure=measure, title=title, items=tuple(items))
