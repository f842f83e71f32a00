"""Build the completion report of a cycle from obligation statuses: pure, so it is reproducible."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from domain.documents import DOCUMENT_KIND_LABELS_RU, DocumentDetails
from domain.moscow import moscow_date
from domain.obligation.implementation import implemented_late
from domain.obligation.states import ObligationState
from domain.obligation.status import StatusView
from domain.obligation.timeliness import Timeliness, classify, days_late
from reports.completion_model import (
    ChainHead,
    CompletionReport,
    DocumentLine,
    ProgressPoint,
    ReportRow,
    Totals,
)
from reports.directory import FEDERAL_GROUP, Directory, participant_sort_key


class StatusLike(StatusView, Protocol):
    """The fields of `domain.obligation.status.ObligationStatus` the report reads."""

    @property
    def accepted_at(self) -> dt.datetime | None: ...
    @property
    def documents(self) -> Sequence[Any]: ...


def document_line(document: Any) -> DocumentLine:
    """A submitted document (or bare details) as the report prints it."""
    details: DocumentDetails = getattr(document, "details", document)
    kind = DOCUMENT_KIND_LABELS_RU.get(details.kind, str(details.kind))
    return DocumentLine(kind=kind, number=details.number, date=details.date, issuer=details.issuer)


def build_row(
    status: StatusLike, directory: Directory, as_of: dt.date, extra_documents: Sequence[Any] = ()
) -> ReportRow:
    """One report row from one obligation's status (plus documents known only by their details)."""
    measure = directory.measure(status.measure)
    who = directory.participant(status.participant)
    timeliness = classify(status.state, status.effective_due, status.submitted_at, as_of)
    dates = directory.dates(status.measure, status.cycle)
    documents = (*extra_documents, *status.documents)
    standing = status.state in (ObligationState.SUBMITTED, ObligationState.ACCEPTED)
    late_done = standing and implemented_late((getattr(d, "details", d) for d in documents), dates)
    return ReportRow(
        obligation_id=_oid(status),
        measure=status.measure,
        section=measure.section,
        measure_title=measure.title,
        participant=status.participant,
        participant_name=who.name,
        federal_district=who.federal_district if who.is_region else FEDERAL_GROUP,
        state=status.state,
        due=status.due,
        effective_due=status.effective_due,
        submitted_on=moscow_date(status.submitted_at) if status.submitted_at else None,
        accepted_on=moscow_date(status.accepted_at) if status.accepted_at else None,
        timeliness=timeliness,
        days_late=days_late(timeliness, status.effective_due, status.submitted_at, as_of),
        documents=tuple(document_line(d) for d in documents),
        implementation_due=dates.implementation if dates else None,
        implemented_late=late_done,
    )


def _oid(status: StatusLike) -> str:
    return f"{status.cycle}/{status.measure:02d}/{status.participant}"


def totals(key: str, label: str, rows: Iterable[ReportRow]) -> Totals:
    """Count a group of rows by timeliness and state."""
    counts: Counter[Timeliness] = Counter()
    total = accepted = late_done = 0
    for row in rows:
        total += 1
        counts[row.timeliness] += 1
        accepted += row.state is ObligationState.ACCEPTED
        late_done += row.implemented_late
    return Totals(
        key=key,
        label=label,
        total=total,
        accepted=accepted,
        on_time=counts[Timeliness.ON_TIME],
        late=counts[Timeliness.LATE],
        missing=counts[Timeliness.MISSING],
        pending=counts[Timeliness.PENDING],
        waived=counts[Timeliness.WAIVED],
        implemented_late=late_done,
    )


def group_totals(
    rows: Sequence[ReportRow], key: Callable[[ReportRow], str], label: Callable[[str], str]
) -> tuple[Totals, ...]:
    """Totals per distinct key, in the order keys first appear in the (sorted) rows."""
    groups: dict[str, list[ReportRow]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return tuple(totals(k, label(k), members) for k, members in groups.items())


def progress(rows: Sequence[ReportRow], start: dt.date, end: dt.date) -> tuple[ProgressPoint, ...]:
    """Cumulative submitted and accepted counts per week from `start` to `end` (both shown)."""
    if end < start:
        return ()
    submitted = sorted(r.submitted_on for r in rows if r.submitted_on)
    accepted = sorted(r.accepted_on for r in rows if r.accepted_on)
    days = list(_weekly(start, end))
    return tuple(
        ProgressPoint(day=d, submitted=_count_upto(submitted, d), accepted=_count_upto(accepted, d))
        for d in days
    )


def _weekly(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    day = start
    while day < end:
        yield day
        day += dt.timedelta(days=7)
    yield end


def _count_upto(sorted_days: list[dt.date], day: dt.date) -> int:
    return bisect_right(sorted_days, day)


def build_completion_report(
    statuses: Iterable[StatusLike],
    *,
    cycle: int,
    as_of: dt.date,
    head: ChainHead,
    directory: Directory,
    extra_documents: Mapping[str, Sequence[Any]] | None = None,
) -> CompletionReport:
    """The completion report of `cycle` on the date `as_of`, built from the statuses folded up to it."""
    chosen = [s for s in statuses if s.cycle == cycle]
    extra = extra_documents or {}
    rows = sorted(
        (build_row(s, directory, as_of, extra.get(_oid(s), ())) for s in chosen),
        key=lambda r: (r.measure, participant_sort_key(directory.participant(r.participant))),
    )
    by_district = group_totals(
        sorted(rows, key=lambda r: (directory.district_rank(r.federal_district), r.federal_district)),
        lambda r: r.federal_district,
        lambda k: k,
    )
    by_section = group_totals(
        sorted(rows, key=lambda r: (_roman(r.section), r.measure)),
        lambda r: r.section,
        lambda k: f"{k}. {directory.section_title(k)}",
    )
    by_measure = group_totals(rows, lambda r: str(r.measure), lambda k: directory.measure(int(k)).title)
    starts = [r.due for r in rows]
    start = dt.date(cycle, 1, 1) if not starts else min(dt.date(cycle, 1, 1), min(starts))
    return CompletionReport(
        cycle=cycle,
        as_of=as_of,
        head=head,
        title=f"Отчёт о выполнении Комплексного межведомственного плана за {cycle} год",
        rows=tuple(rows),
        overall=totals("all", "Всего", rows),
        by_district=by_district,
        by_section=by_section,
        by_measure=by_measure,
        progress=progress(rows, start, as_of),
    )


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}


def _roman(section: str) -> int:
    return _ROMAN.get(section, 99)
