"""From the event store to a rendered cycle or measure report."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from domain.errors import DomainError
from domain.moscow import today_in_moscow
from reports.completion import build_completion_report
from reports.completion_model import CompletionReport
from reports.completion_render import render_completion
from reports.directory import Directory
from reports.formats import CycleReportFormat
from reports.instants import end_of_day
from reports.source import imported_documents, load_statuses
from store.event_store import EventStore


def completion_report(
    store: EventStore,
    directory: Directory,
    *,
    cycle: int,
    as_of: dt.date | None = None,
    measure: int | None = None,
) -> CompletionReport:
    """The cycle's completion report (or one measure's) as of the end of `as_of` (today by default)."""
    day = as_of or today_in_moscow()
    statuses, head = load_statuses(store, cycle=cycle, as_of=end_of_day(day))
    if measure is not None:
        info = directory.measure(measure)
        statuses = [s for s in statuses if s.measure == measure]
    extra = imported_documents(store, cycle, end_of_day(day))
    report = build_completion_report(
        statuses, cycle=cycle, as_of=day, head=head, directory=directory, extra_documents=extra
    )
    if measure is None:
        return report
    return replace(report, title=f"Мероприятие {measure}: {info.title} — выполнение за {cycle} год")


def render_cycle_report(
    store: EventStore,
    directory: Directory,
    *,
    cycle: int,
    fmt: CycleReportFormat,
    as_of: dt.date | None = None,
    measure: int | None = None,
) -> bytes:
    """The report's bytes; DomainError when the cycle has no obligations in the store."""
    report = completion_report(store, directory, cycle=cycle, as_of=as_of, measure=measure)
    if not report.rows:
        scope = f"мероприятия {measure} цикла {cycle}" if measure is not None else f"цикла {cycle}"
        raise DomainError(
            f"в хранилище событий нет обязательств {scope} (сначала откройте цикл)", "no_obligations"
        )
    return render_completion(report, fmt)
