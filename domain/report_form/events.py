"""A region's annual report form as a recorded fact: the checked answers, on the stream `form/CYCLE/REGION`.

The answers are what the region filed (document details, counts, free text about services); they name no
child or family. The obligation status fold ignores this event: the form's documents reach obligations
through their own submissions.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from domain.eventing.base import DomainEvent
from domain.report_form.answers import FormAnswers


def form_stream(cycle: int, region: str) -> str:
    """The stream of a region's report-form submissions for one cycle."""
    return f"form/{cycle}/{region}"


class ReportFormSubmitted(DomainEvent):
    """A region's report form for a cycle; `obligation_id` holds the form's stream name."""

    type: ClassVar[str] = "ReportFormSubmitted"

    cycle: int
    region: str
    filed_on: dt.date
    answers: FormAnswers
