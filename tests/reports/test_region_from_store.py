"""`eci report region`: the region's filed report form read from the event store."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from cli_invoke import Outcome, run_eci
from report_form_samples import filled_answers

from domain.actors import Actor
from domain.eventing.metadata import EventMetadata
from domain.report_form.answers import TextAnswer
from domain.report_form.check import answers_from_data
from domain.report_form.events import ReportFormSubmitted, form_stream
from domain.report_form.forms import FORM_2023
from store.event_store import EventStore, NewEvent

Eci = Callable[..., Outcome]


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


def _file(store: EventStore, text: str, day: dt.date) -> int:
    answers = answers_from_data(filled_answers("77"))
    items = dict(answers.items, **{"1.1": TextAnswer(text=text)})
    event = ReportFormSubmitted(
        obligation_id=form_stream(2023, "77"), cycle=2023, region="77", filed_on=day,
        answers=answers.model_copy(update={"items": items}),
    )
    meta = EventMetadata.for_actor(Actor.parse("region:77"))
    when = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    return store.append(form_stream(2023, "77"), [NewEvent(event, uuid.uuid4(), meta, when)])[0].position


def test_region_report_shows_the_latest_filing_with_every_item(story_store: EventStore, eci: Eci) -> None:
    _file(story_store, "Первая редакция", dt.date(2024, 4, 1))
    latest = _file(story_store, "Исправленная редакция", dt.date(2024, 4, 10))
    done = eci("report", "region", "77", "--cycle", "2023")
    assert done.code == 0, done.err
    assert "Исправленная редакция" in done.out
    assert "Первая редакция" not in done.out
    assert f"событие № {latest}" in done.out
    positions = [done.out.index(f"**{i.number}**") for i in FORM_2023.items if not i.table]
    assert positions == sorted(positions)


def test_a_region_without_a_filing_gets_the_empty_form(story_store: EventStore, eci: Eci) -> None:
    done = eci("report", "region", "78", "--cycle", "2023", "--format", "html")
    assert done.code == 0
    assert "Ответы формы не представлены" in done.out


def test_unknown_region_and_docx_to_stdout_are_refused(story_store: EventStore, eci: Eci) -> None:
    assert eci("report", "region", "99", "--cycle", "2023").err.startswith("eci: error: ")
    assert eci("report", "region", "77", "--cycle", "2023", "--format", "docx").code != 0
