"""The demo's report forms of every region for 2023 and 2024 in a real event store, for the summary's tests.

Recorded once per session (about a second) and copied for each test, as the story store is.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.actors import COORDINATOR
from domain.eventing.metadata import EventMetadata
from domain.plan.regions import REGION_CODES
from domain.report_form.answers import FormAnswers
from domain.report_form.events import ReportFormSubmitted, form_stream
from eci.demo.forms import record_report_forms
from store.event_store import EventStore, NewEvent

MSK = dt.timezone(dt.timedelta(hours=3))
FORM_CYCLES = (2023, 2024)
AFTER_ALL = dt.date(2025, 12, 31)  # every demo form of 2023 and 2024 is in by then


def file_form(store: EventStore, answers: FormAnswers, filed_on: dt.date) -> None:
    """Record one more filing of a region's form, on a business date."""
    stream = form_stream(answers.cycle, answers.region)
    event = ReportFormSubmitted(
        obligation_id=stream, cycle=answers.cycle, region=answers.region, filed_on=filed_on, answers=answers
    )
    meta = EventMetadata.for_actor(COORDINATOR, cause="test: a refiled form")
    when = dt.datetime.combine(filed_on, dt.time(12), tzinfo=MSK)
    store.append(
        stream, [NewEvent(event, uuid.uuid4(), meta, when)], expected_version=store.stream_version(stream)
    )


@pytest.fixture(scope="session")
def _forms_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("forms")
    with EventStore.open(f"sqlite:///{path / 'events.sqlite3'}") as store:
        record_report_forms(store, REGION_CODES, cycles=FORM_CYCLES)
    return path


@pytest.fixture
def forms_store(data_dir: Path, _forms_template: Path) -> Iterator[EventStore]:
    """An event store under ECI_DATA_DIR holding every region's demo forms of 2023 and 2024."""
    for part in _forms_template.glob("events.sqlite3*"):
        shutil.copyfile(part, data_dir / part.name)
    store = EventStore.open(f"sqlite:///{data_dir / 'events.sqlite3'}")
    yield store
    store.close()
