"""Reading the regions' filed forms from the event store: each region's latest form of a cycle as of the
end of the report date (its business time, the day it was filed), with how many versions came before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from domain.obligation.timeliness import moscow_date
from domain.report_form.answers import FormAnswers
from reports.instants import end_of_day
from reports.region_source import FORM_EVENT_TYPE
from reports.summary.model import FiledForm
from store.event_store import EventStore
from store.records import RecordedEvent
from store.report_queries import events_of_type


def latest_forms(records: Iterable[RecordedEvent], cycle: int, as_of: dt.date) -> dict[str, FiledForm]:
    """The last form each region filed for `cycle` by the end of `as_of`, by region code."""
    limit = end_of_day(as_of)
    found: dict[str, FiledForm] = {}
    for record in records:
        event = record.event
        answers = getattr(event, "answers", None)
        if record.type != FORM_EVENT_TYPE or not isinstance(answers, FormAnswers):
            continue
        if getattr(event, "cycle", None) != cycle or answers.cycle != cycle or record.occurred_at > limit:
            continue
        region = answers.region
        if getattr(event, "region", region) != region:
            continue  # a form filed on another region's stream is no form of either
        filed_on = getattr(event, "filed_on", None) or moscow_date(record.occurred_at)
        meta = record.metadata
        by = f"{meta.name} ({meta.login})" if meta.login else meta.actor
        version = found[region].version + 1 if region in found else 1
        found[region] = FiledForm(region, answers, filed_on, version, record.position, by)
    return found


def read_forms(store: EventStore, cycle: int, as_of: dt.date) -> dict[str, FiledForm]:
    """The regions' latest forms of a cycle as of the report date."""
    records = events_of_type(store.engine, store.dialect, f"form/{cycle}/", FORM_EVENT_TYPE)
    return latest_forms(records, cycle, as_of)


def read_history(
    store: EventStore, cycles: Iterable[int], as_of: dt.date
) -> dict[int, dict[str, FormAnswers]]:
    """The latest answers of each earlier cycle (for the trend), by cycle and region."""
    return {c: {r: f.answers for r, f in read_forms(store, c, as_of).items()} for c in cycles}
