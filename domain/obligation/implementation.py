"""«Выполнено с нарушением срока»: the measure was carried out after its implementation deadline.

The plan's «Сроки реализации» is when the measure should be done, and the document proving it (an
order, a resolution, a register, a programme) is dated when it was done. So an obligation whose proving
documents are all dated after the implementation deadline was carried out late, however early its
evidence reached the tracker; that is a different fact from evidence submitted after the report date,
and every view counts the two apart.

Which deadline a document is held to depends on what it is:
- an act that does the measure (приказ, постановление, реестр, программа, …) — the implementation
  deadline, moved to the next working day when it falls on a day off (Civil Code art. 193);
- a report about the year (доклад, аналитическая записка, информация, письмо) — the report date: the
  plan asks for those «в срок до 15 апреля года, следующего за отчетным» (measures 4 and 5).
The annual form itself, filed as a measure's stand-in document, proves nothing about when the measure
was done and is left out. One document dated in time is enough.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from domain.documents import DocumentDetails, DocumentKind, is_form_stand_in
from domain.plan.calendar import effective_due
from domain.plan.dates import CycleDates

LATE_IMPLEMENTATION_RU = "выполнено с нарушением срока"

# Documents that report on the year rather than do the measure: dated by the report date.
REPORT_KINDS = frozenset(
    {DocumentKind.REPORT, DocumentKind.ANALYTICAL_NOTE, DocumentKind.INFORMATION, DocumentKind.LETTER}
)


def deadline_of(details: DocumentDetails, dates: CycleDates) -> dt.date:
    """The last day a proving document of this kind may be dated."""
    day = dates.report if details.kind in REPORT_KINDS else dates.implementation
    return effective_due(day)


def implemented_late(documents: Iterable[DocumentDetails], dates: CycleDates | None) -> bool:
    """Whether every proving document is dated after its deadline (False with none to judge)."""
    if dates is None:
        return False
    proving = [d for d in documents if not is_form_stand_in(d)]
    return bool(proving) and all(d.date > deadline_of(d, dates) for d in proving)
