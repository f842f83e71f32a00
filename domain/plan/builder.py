"""Builds a Measure from the plan's words, reading its deadline by the rules in `domain.plan.deadlines`."""

from __future__ import annotations

from domain.documents import DocumentKind
from domain.plan.deadlines import read_deadline_text
from domain.plan.types import Executor, Measure, RequiredDocument, Section

# The measures the regions' annual report form asks about (its headings 1 … 23, 25, 28, 29, 30).
REPORT_FORM_MEASURES: frozenset[int] = frozenset((*range(1, 24), 25, 28, 29, 30))


def doc(kind: DocumentKind, text: str) -> RequiredDocument:
    """A required document: typed kind plus the plan's wording."""
    return RequiredDocument(kind=kind, text=text)


def measure(
    number: int,
    section: Section,
    title: str,
    deadline_text: str,
    executors: tuple[Executor, ...],
    documents: tuple[RequiredDocument, ...],
    expected_result: str,
    executors_note: str | None = None,
) -> Measure:
    """One measure; recurrence and deadlines come from the deadline rules, never typed by hand."""
    reading = read_deadline_text(deadline_text)
    return Measure(
        number=number,
        section=section,
        title=title,
        deadline_text=deadline_text,
        recurrence=reading.recurrence,
        deadlines=reading.deadlines,
        executors=executors,
        executors_note=executors_note,
        documents=documents,
        expected_result=expected_result,
        in_report_form=number in REPORT_FORM_MEASURES,
    )
