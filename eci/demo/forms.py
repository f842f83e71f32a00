"""Each demo region's annual report forms (2023, 2024, 2025), recorded as the report-form submissions
it filed each spring, nearly all before the 15 April deadline."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path

from demo.report_answers import answer_data, answers_rng, demo_answers
from demo.scenario import DEFAULT_SEED
from domain.actors import COORDINATOR
from domain.eventing.metadata import EventMetadata
from domain.history_import.rules import business_instant
from domain.report_form.events import ReportFormSubmitted, form_stream
from domain.report_form.forms import report_form_for
from store.event_store import Batch, EventStore, NewEvent

FORM_CYCLES: tuple[int, ...] = (2023, 2024, 2025)
_NAMESPACE = uuid.UUID("0b7e4f52-3c1d-4a8e-9f60-5d2c7a1e8b34")


# A few regions file after the deadline (days late), so the summary's completeness table has a story.
LATE_REGIONS: dict[str, int] = {"05": 9, "20": 16, "79": 4}


def _filed_on(cycle: int, region: str) -> dt.date:
    # Forms arrive over the fortnight before the 15 April deadline.
    if region in LATE_REGIONS:
        return dt.date(cycle + 1, 4, 15) + dt.timedelta(days=LATE_REGIONS[region])
    return dt.date(cycle + 1, 4, 1) + dt.timedelta(days=int(region) % 14)


def filed_cycles(today: dt.date) -> tuple[int, ...]:
    """The demo's form cycles whose forms every region had filed by `today`."""
    return tuple(c for c in FORM_CYCLES if dt.date(c + 1, 4, 15) <= today)


def write_answer_files(
    folder: Path, regions: Sequence[str], seed: int = DEFAULT_SEED, cycles: Sequence[int] = FORM_CYCLES
) -> list[Path]:
    """Each region's answered form of each cycle, as the YAML file `eci form check` and `eci form submit`
    read."""
    import yaml

    # libyaml's emitter where installed: the pure-Python one took ~40 s for 89 regions' three forms.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for cycle in cycles:
        form = report_form_for(cycle)
        for region in regions:
            data = answer_data(form, region, answers_rng(seed, region, cycle))
            path = folder / f"form-{cycle}-{region}.yaml"
            text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def _event_id(cycle: int, region: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, form_stream(cycle, region))


def record_report_forms(
    store: EventStore, regions: Sequence[str], seed: int = DEFAULT_SEED, cycles: Sequence[int] = FORM_CYCLES
) -> int:
    """Record each region's answered form of each cycle, filed on a business date before 15 April."""
    batches = []
    for cycle in cycles:
        for region in regions:
            filed_on = _filed_on(cycle, region)
            event = ReportFormSubmitted(
                obligation_id=form_stream(cycle, region),
                cycle=cycle,
                region=region,
                filed_on=filed_on,
                answers=demo_answers(region, cycle, seed),
            )
            # The demo loads the form on the region's behalf: the coordinator's import, as with history.
            metadata = EventMetadata.for_actor(COORDINATOR, cause=f"demo: report form of region:{region}")
            new = NewEvent(event, _event_id(cycle, region), metadata, business_instant(filed_on))
            batches.append(Batch(form_stream(cycle, region), [new], 0))
    store.append_many(batches)
    return len(batches)
