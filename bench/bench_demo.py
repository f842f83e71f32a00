"""Benchmark: the history import and `eci demo`.

Figures (each with a baseline measured in the same run):
- history import of the demo's past (every region, 2023 to last year) through the file path — read the
  CSV, check every row against the plan, write one transaction — in events/s, vs appending the very same
  events straight to the store (both stores opened before their clocks start);
- `eci demo` wall time on a fresh data dir (a dev server and worker of its own), vs starting the same live
  workflows alone and waiting for their opening (target: the full demo under 120 s on 2 cores);
  the event count and the obligations in each state are printed beside it.
Usage: python bench/bench_demo.py [--quick]   (--quick: ten regions for the import, three for the demo)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

import domain.history_import.status  # noqa: F401  # registers how imported events fold
from demo.scenario import build_scenario
from domain.actors import COORDINATOR
from domain.moscow import today_in_moscow
from eci.demo.obligations import demo_obligations
from eci.history_import.files import write_csv
from eci.history_import.importer import check_file, import_planned
from store.event_store import Batch, EventStore, NewEvent


def _emit(metric: str, value: float, unit: str, baseline: float, target: str, **extra: Any) -> None:
    line = {
        "bench": "demo",
        "metric": metric,
        "value": round(value, 2),
        "unit": unit,
        "baseline": round(baseline, 2),
        "ratio": round(value / baseline, 3) if baseline else 0.0,
        "target": target,
        **extra,
    }
    print(json.dumps(line, ensure_ascii=False), flush=True)


def bench_import(folder: Path, regions: int | None) -> None:
    """Import path vs raw appends of the same events."""
    today = today_in_moscow()
    scenario = build_scenario(demo_obligations(range(2023, today.year + 1), regions), today)
    path = folder / "history.csv"
    write_csv(path, scenario.history)
    # Both sides open their store before the clock starts: opening (schema, first imports) is a fixed
    # cost per command, not part of the rate, and at --quick size it was most of the measured time.
    with EventStore.open(f"sqlite:///{folder / 'import.sqlite3'}") as store:
        began = time.perf_counter()
        source, planned = check_file(path, as_of=today)
        summary = import_planned(store, source, planned, COORDINATOR, live=True)
        seconds = time.perf_counter() - began
    batches = [
        Batch(
            p.obligation.stream, [NewEvent(e.event, e.event_id, _meta(), e.occurred_at) for e in p.events], 0
        )
        for p in planned
    ]
    with EventStore.open(f"sqlite:///{folder / 'raw.sqlite3'}") as store:
        began = time.perf_counter()
        store.append_many(batches)
        raw = time.perf_counter() - began
    events = summary.events_written
    _emit("history_import_rate", events / seconds, "events/s", events / raw, "ratio >= 0.3", events=events)


def _meta() -> Any:
    from domain.eventing.metadata import EventMetadata

    return EventMetadata.for_actor(COORDINATOR, cause="bench")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _settings(folder: Path, name: str) -> Any:
    from config.settings import Settings

    os.environ["ECI_DATA_DIR"] = str(folder / name)
    os.environ["ECI_TEMPORAL_ADDRESS"] = f"127.0.0.1:{free_port()}"
    os.environ["ECI_SMTP_PORT"] = str(free_port())
    return Settings()


def _baseline(folder: Path, regions: int | None) -> float:
    """Start the demo's live workflows alone on a fresh stack and wait for their opening."""
    from eci.demo.live import start_workflows
    from eci.demo.loader import SETTLE_BASE_SECONDS, settle
    from eci.runtime.stack import running_stack
    from eci.runtime.temporal_client import connect

    today = today_in_moscow()
    live = build_scenario(demo_obligations(range(2023, today.year + 1), regions), today).live
    settings = _settings(folder, "baseline")
    with running_stack(settings):

        async def run() -> float:
            client = await connect(settings)
            began = time.perf_counter()
            await start_workflows(client, settings, live)
            with EventStore.open(settings.effective_database_url) as store:
                expected = {
                    str(s.obligation.id): "overdue" if s.obligation.effective_due < today else "open"
                    for s in live
                }
                await settle(store, expected, SETTLE_BASE_SECONDS + len(live))
            return time.perf_counter() - began

        return asyncio.run(run())


def bench_demo(folder: Path, regions: int | None) -> None:
    """The whole demo on a fresh data dir."""
    from eci.demo.loader import populate
    from eci.runtime.stack import running_stack

    settings = _settings(folder, "demo")
    with running_stack(settings):
        summary = populate(settings, regions=regions)
    baseline = _baseline(folder, regions)
    _emit(
        "demo_wall_time",
        summary.wall_seconds,
        "s",
        baseline,
        "value < 120 s (89 regions)",
        regions=summary.regions,
        obligations=summary.obligations,
        live_workflows=summary.live_workflows,
        events=summary.events,
        states=summary.states,
    )


def main() -> None:
    """Run the figures and print one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="three regions instead of 89")
    args = parser.parse_args()
    regions = 3 if args.quick else None
    with tempfile.TemporaryDirectory(prefix="eci-bench-demo-") as tmp:
        folder = Path(tmp)
        # The import figure is a rate: at three regions (851 events) per-command costs that do not grow
        # with the file (plan indexes, first queries) still weighed on it, so --quick imports ten.
        bench_import(folder, 10 if args.quick else None)
        bench_demo(folder, regions)


if __name__ == "__main__":
    main()
