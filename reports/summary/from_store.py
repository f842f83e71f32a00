"""The summary of a cycle as the event store holds it on a report date."""

from __future__ import annotations

import datetime as dt

from domain.errors import DomainError
from domain.plan.regions import REGIONS, parse_federal_district, regions_in
from domain.report_form.forms import FORMS, report_form_for
from reports.cycle_report import today_in_moscow
from reports.source import store_head
from reports.summary.build import build_summary
from reports.summary.model import Scope
from reports.summary.report import Summary
from reports.summary.source import read_forms, read_history
from store.event_store import EventStore


def scope_of(district: str | None) -> Scope:
    """All 89 regions, or those of one federal district (by code, name or abbreviation)."""
    if district is None:
        return Scope(REGIONS)
    chosen = parse_federal_district(district)
    return Scope(regions_in(chosen), chosen.name_ru)


def summary_from_store(
    store: EventStore, *, cycle: int, as_of: dt.date | None = None, district: str | None = None
) -> Summary:
    """The cycle's summary as of the end of `as_of` (today by default); DomainError for a cycle without a
    form or a date before the cycle."""
    form = report_form_for(cycle)
    day = as_of or today_in_moscow()
    if day < dt.date(cycle, 1, 1):
        raise DomainError(f"дата отчёта {day:%d.%m.%Y} раньше начала цикла {cycle}", "date_before_cycle")
    scope = scope_of(district)
    head = store_head(store)
    filed = read_forms(store, cycle, day)
    first = min(FORMS)
    earlier = range(first, cycle)
    history = read_history(store, earlier, day)
    forms = {c: report_form_for(c) for c in earlier}
    return build_summary(form, scope, filed, as_of=day, head=head, history=history, history_forms=forms)
