"""A region's filled report form as submissions: for each measure it reports on, the documents it names.

A measure whose answers name no document is submitted with the form itself as an «информация» document,
so every obligation the form covers receives the region's report.
"""

from __future__ import annotations

import datetime as dt

from domain.documents import FORM_STAND_IN_PREFIX, DocumentDetails, DocumentKind
from domain.report_form.answers import DocumentAnswer, DocumentListAnswer, FormAnswers, YesNoDocumentAnswer
from domain.report_form.schema import ReportForm


def named_documents(form: ReportForm, answers: FormAnswers, measure: int) -> tuple[DocumentDetails, ...]:
    """The documents the answers to one measure's items name, without repeats, in the form's order."""
    found: list[DocumentDetails] = []
    for item in form.items_for_measure(measure):
        answer = answers.items.get(item.number)
        if isinstance(answer, YesNoDocumentAnswer) and answer.answer and answer.document is not None:
            found.append(answer.document)
        elif isinstance(answer, DocumentAnswer) and answer.document is not None:
            found.append(answer.document)
        elif isinstance(answer, DocumentListAnswer):
            found.extend(answer.documents)
    return tuple(dict.fromkeys(found))


def form_as_document(
    answers: FormAnswers, measure: int, issuer: str, submitted_on: dt.date
) -> DocumentDetails:
    """The report form itself as the document of a measure whose answers name none."""
    return DocumentDetails(
        kind=DocumentKind.INFORMATION,
        number=f"{FORM_STAND_IN_PREFIX}{answers.cycle}-{answers.region}",
        date=submitted_on,
        issuer=issuer,
        title=f"Форма отчёта субъекта за {answers.cycle} год, мероприятие {measure}",
    )


def form_submissions(
    form: ReportForm, answers: FormAnswers, measures: tuple[int, ...], issuer: str, submitted_on: dt.date
) -> dict[int, tuple[DocumentDetails, ...]]:
    """For each of `measures` the form reports on: the documents to submit."""
    result: dict[int, tuple[DocumentDetails, ...]] = {}
    for measure in measures:
        if measure not in form.measures:
            continue
        docs = named_documents(form, answers, measure)
        result[measure] = docs or (form_as_document(answers, measure, issuer, submitted_on),)
    return result
