"""From the event store to a region report: the region's latest recorded report-form answers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from domain.errors import DomainError
from domain.moscow import moscow_date
from domain.plan.regions import FEDERAL_DISTRICT_NAMES_RU, get_region
from domain.report_form.forms import report_form_for
from reports.formats import RegionReportFormat
from reports.region_render import render_region
from reports.region_report import RegionReport, SubmissionRef, build_region_report
from reports.source import store_head
from store.event_store import EventStore
from store.records import RecordedEvent

FORM_EVENT_TYPE = "ReportFormSubmitted"


def form_stream(cycle: int, region: str) -> str:
    """The stream a region's report-form submissions of a cycle are recorded in."""
    return f"form/{cycle}/{region}"


def form_versions(
    records: Iterable[RecordedEvent], cycle: int, region: str
) -> tuple[Any, tuple[SubmissionRef, ...]]:
    """The answers of the last report-form submission of (cycle, region), and every version filed, oldest
    first: a corrected form supersedes the one before it."""
    answers: Any = None
    refs: list[SubmissionRef] = []
    for record in records:
        event = record.event
        if record.type != FORM_EVENT_TYPE:
            continue
        if getattr(event, "cycle", None) != cycle or getattr(event, "region", None) != region:
            continue
        answers = getattr(event, "answers", None)
        filed = getattr(event, "filed_on", None) or moscow_date(record.occurred_at)
        meta = record.metadata
        by = f"{meta.name} ({meta.login})" if meta.login else meta.actor
        refs.append(SubmissionRef(record.position, f"{filed:%d.%m.%Y}", by, version=len(refs) + 1))
    return answers, tuple(refs)


def latest_answers(
    records: Iterable[RecordedEvent], cycle: int, region: str
) -> tuple[Any, SubmissionRef | None]:
    """The answers of the last report-form submission of (cycle, region), and which event it was."""
    answers, refs = form_versions(records, cycle, region)
    return answers, (refs[-1] if refs else None)


def region_report(store: EventStore, *, cycle: int, region: str) -> RegionReport:
    """The region's report for a cycle, laid out along the cycle's form."""
    form = report_form_for(cycle)
    info = get_region(region)
    answers, versions = form_versions(store.read_stream(form_stream(cycle, region)), cycle, region)
    if not versions:  # recorded elsewhere (or not at all): look through the whole log
        answers, versions = form_versions(store.read_all(), cycle, region)
    ref = versions[-1] if versions else None
    items = getattr(answers, "items", None) or {}
    return build_region_report(
        form,
        items,
        region=info.code,
        region_name=info.name,
        federal_district=FEDERAL_DISTRICT_NAMES_RU[info.federal_district],
        head=store_head(store),
        submission=ref,
        versions=versions,
    )


def render_region_report(store: EventStore, *, cycle: int, region: str, fmt: RegionReportFormat) -> bytes:
    """The region report's bytes; DomainError for an unknown region or a cycle without a form."""
    if not region.isdigit():
        raise DomainError(f"неизвестный субъект «{region}»: ожидается двузначный код", "unknown_region")
    return render_region(region_report(store, cycle=cycle, region=region), fmt)
