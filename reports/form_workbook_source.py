"""A region's workbook for a cycle, started from its answers of the year before as the store holds them."""

from __future__ import annotations

from domain.report_form.answers import FormAnswers
from domain.report_form.forms import report_form_for
from domain.report_form.prefill import prefill
from domain.report_form.sheet_layout import build_layout
from reports.form_workbook import render_form_workbook
from reports.region_source import form_stream, latest_answers
from store.event_store import EventStore


def previous_answers(store: EventStore, cycle: int, region: str) -> FormAnswers | None:
    """The region's last submitted answers of cycle − 1, if it filed that year's form."""
    answers, _ = latest_answers(store.read_stream(form_stream(cycle - 1, region)), cycle - 1, region)
    return answers if isinstance(answers, FormAnswers) else None


def form_workbook(cycle: int, region: str, previous: FormAnswers | None) -> tuple[bytes, int]:
    """The workbook's bytes and how many of its cells last year's answers filled."""
    layout = build_layout(report_form_for(cycle), region)
    values = prefill(layout, previous) if previous is not None else {}
    return render_form_workbook(layout, values), len(values)
