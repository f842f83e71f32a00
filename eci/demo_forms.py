"""Each demo region's 2023 report form, recorded as the report-form submission it filed in spring 2024."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path

from demo.report_answers import answer_data, answers_rng, demo_answers
from demo.scenario import DEFAULT_SEED
from domain.actors import COORDINATOR
from domain.event_metadata import EventMetadata
from domain.events_report_form import ReportFormSubmitted, form_stream
from domain.history_import_rules import business_instant
from domain.report_form import report_form_for
from store.event_store import Batch, EventStore, NewEvent

FORM_CYCLE = 2023
_NAMESPACE = uuid.UUID("0b7e4f52-3c1d-4a8e-9f60-5d2c7a1e8b34")


def _filed_on(region: str) -> dt.date:
    # Forms arrive over the fortnight before the 15 April deadline.
    return dt.date(FORM_CYCLE + 1, 4, 1) + dt.timedelta(days=int(region) % 14)


def write_answer_files(folder: Path, regions: Sequence[str], seed: int = DEFAULT_SEED) -> list[Path]:
    """Each region's answered form as the YAML file `eci form check` and `eci form submit` read."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    form = report_form_for(FORM_CYCLE)
    paths = []
    for region in regions:
        data = answer_data(form, region, answers_rng(seed, region, FORM_CYCLE))
        path = folder / f"form-{FORM_CYCLE}-{region}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def record_report_forms(store: EventStore, regions: Sequence[str], seed: int = DEFAULT_SEED) -> int:
    """Record each region's answered form, filed on a business date before the 15 April deadline."""
    batches = []
    for region in regions:
        event = ReportFormSubmitted(
            obligation_id=form_stream(FORM_CYCLE, region),
            cycle=FORM_CYCLE,
            region=region,
            filed_on=_filed_on(region),
            answers=demo_answers(region, FORM_CYCLE, seed),
        )
        # The demo loads the form on the region's behalf: the coordinator's import, as with the history.
        metadata = EventMetadata.for_actor(COORDINATOR, cause=f"demo: report form of region:{region}")
        event_id = uuid.uuid5(_NAMESPACE, form_stream(FORM_CYCLE, region))
        new = NewEvent(event, event_id, metadata, business_instant(_filed_on(region)))
        batches.append(Batch(form_stream(FORM_CYCLE, region), [new], 0))
    store.append_many(batches)
    return len(batches)
