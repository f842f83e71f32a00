"""Benchmark: the tracker at its ten-year size.

Stores (built in the same run; their building is not measured):
- the full horizon: every cycle of the plan (2023–2030) for the 89 regions and the federal participants,
  written by the history import (the CSV file path, as `eci import` does); obligations the story
  leaves open stay open;
- one cycle (2023) written the same way, the baseline of the status, report and TUI figures;
- a synthetic log of 5,000,000 events: the one-cycle store's real rows copied to further cycles
  (obligation ids and cycles rewritten), bulk-inserted with the hash chain computed as the store does.
Figures (each with a baseline from the same run):
- `verify_5m_seconds`: `eci audit verify` of the synthetic log, vs the store's verify function on the
  full-horizon store in this process, its time scaled to the synthetic log's size (target < 60 s);
- `rebuild_5m_seconds` and `rebuild_5m_peak_rss_mib`: `eci db rebuild` of it, vs the rebuild function
  on the full-horizon store scaled the same way, and that store's rebuild peak RSS (target < 300 s,
  memory bounded);
- `status_ratio_10y`, `report_ratio_10y`: `eci status --cycle 2023 --json` and
  `eci report --cycle 2023 --format xlsx` on the one-cycle store's time over the full-horizon store's
  (target >= 0.5: the other years cost little);
- `tui_first_paint_10y_seconds`, `tui_switch_cycle_10y_ms`: the terminal on the full-horizon store
  (cycle 2028 shown), measured headless with Textual's pilot by bench_tui.py's code, vs its baseline:
  a plain Textual DataTable of the same cells;
- `max_history_events_per_run`: one obligation left overdue for ten simulated years on the
  time-skipping server; the longest single run's history (target <= 2000), vs the first year's;
- `worker_rss_all_open_10y`, `cycle_open_with_leftovers_per_s`: a worker holding every obligation of
  2023–2029 open, and cycle 2030 opened beside them vs on a fresh server (scale_open.py).
Usage: python bench/bench_scale.py [--quick|--smoke] [--events N]
  (--quick: cycles 2023–2024, 200,000 synthetic events, one simulated year; under a minute)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_store import _child  # noqa: E402
from scale_open import leftover_figures  # noqa: E402
from sizes import add_size_options, size_of  # noqa: E402
from temporalio import activity  # noqa: E402

import domain.history_import.status  # noqa: E402,F401  # registers how imported events fold
from demo.scenario import build_scenario  # noqa: E402
from domain.actors import COORDINATOR  # noqa: E402
from domain.eventing.record_request import RecordRequest  # noqa: E402
from domain.obligation.id import streams_prefix  # noqa: E402
from domain.obligation.notices import NoticeRequest, NoticeResult  # noqa: E402
from eci.demo.obligations import demo_obligations  # noqa: E402
from eci.history_import.files import write_csv  # noqa: E402
from eci.history_import.importer import check_file, import_planned  # noqa: E402
from store.chain import GENESIS, canonical_row, chain_hash  # noqa: E402
from store.event_store import EventStore  # noqa: E402
from store.rebuild import rebuild_projections  # noqa: E402
from store.verify import verify_chain  # noqa: E402
from workflows.names import NOTICE_ACTIVITY, RECORD_ACTIVITY  # noqa: E402

FIRST, LAST = 2023, 2030
# After the horizon's last annual deadline (15 April 2031): every obligation of the plan is history.
AFTER_HORIZON = dt.date(2031, 6, 1)
REPORT_CYCLE = 2023


def progress(what: str) -> None:
    print(f"# {time.strftime('%H:%M:%S')} {what}", file=sys.stderr, flush=True)


def emit(metric: str, value: float, unit: str, baseline: float, target: str, **extra: Any) -> None:
    """One JSON line per figure."""
    print(json.dumps({
        "bench": "scale", "metric": metric, "value": round(value, 3), "unit": unit,
        "baseline": round(baseline, 3), "ratio": round(value / baseline, 3) if baseline else None,
        "target": target, **extra,
    }, ensure_ascii=False), flush=True)  # fmt: skip


def import_cycles(folder: Path, name: str, cycles: range) -> tuple[str, int, int]:
    """A store written by the history import of these cycles; (url, obligations, events)."""
    scenario = build_scenario(demo_obligations(cycles), AFTER_HORIZON)
    path = folder / f"{name}.csv"
    write_csv(path, scenario.history)
    url = f"sqlite:///{folder / name}.sqlite3"
    with EventStore.open(url) as store:
        source, planned = check_file(path, as_of=AFTER_HORIZON)
        # `live`: obligations the story leaves open are written too (no workflows: nothing here runs them).
        summary = import_planned(store, source, planned, COORDINATOR, live=True)
    return url, len(planned), summary.events_written


_COLUMNS = "event_id, stream, version, type, schema_version, payload, metadata, occurred_at, recorded_at"


def _template(url: str) -> list[tuple[Any, ...]]:
    """The rows of a store in position order, as stored (JSON and timestamps as their text)."""
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return con.execute(f"SELECT {_COLUMNS} FROM events ORDER BY position").fetchall()
    finally:
        con.close()


def _copies(template: list[tuple[Any, ...]], total: int) -> Iterator[tuple[Any, ...]]:
    """Rows of the template moved to cycles 3000, 3001, … until `total`, chained as the store chains."""
    prev, position = GENESIS, 0
    old_id, old_cycle = f'"{REPORT_CYCLE}/', f'"cycle":{REPORT_CYCLE}'
    for copy in range(total):
        cycle = 3000 + copy
        new_id, new_cycle = f'"{cycle}/', f'"cycle":{cycle}'
        stream_prefix = streams_prefix(cycle)
        for _, stream, version, type_, schema, payload, metadata, occurred, recorded in template:
            position += 1
            if position > total:
                return
            event_id = str(uuid.UUID(int=position))
            stream = stream_prefix + stream.split("/", 2)[2]
            payload = payload.replace(old_id, new_id).replace(old_cycle, new_cycle)
            canonical = canonical_row(
                event_id, metadata, occurred, payload, position, recorded, schema, stream, type_, version
            )
            digest = chain_hash(prev, canonical)
            yield (position, event_id, stream, version, type_, schema, payload, metadata, occurred, recorded,
                   prev, digest)  # fmt: skip
            prev = digest


def synthetic_store(folder: Path, template_url: str, total: int) -> str:
    """A store of `total` events bulk-inserted in chain order (no projections: rebuild makes them)."""
    url = f"sqlite:///{folder / 'synthetic'}.sqlite3"
    EventStore.open(url).close()  # the schema, by the store's own migrations
    template = _template(template_url)
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    con.execute("PRAGMA synchronous = OFF")
    rows = _copies(template, total)
    insert = f"INSERT INTO events (position, {_COLUMNS}, prev_hash, hash) VALUES ({', '.join('?' * 12)})"
    while chunk := [row for _, row in zip(range(50_000), rows, strict=False)]:
        with con:
            con.executemany(insert, chunk)
    con.close()
    return url


def cli_seconds(args: list[str], url: str, data_dir: Path, rounds: int) -> float:
    """The fastest of `rounds` runs of `eci ARGS` (a fresh process each, as a person runs it)."""
    return min(_child(args, url, data_dir)[0] for _ in range(rounds))


def bench_cli(full: str, one: str, folder: Path, rounds: int) -> None:
    """Status and the xlsx report of one cycle: the one-cycle store's time over the full horizon's."""
    status = ["status", "--cycle", str(REPORT_CYCLE), "--json"]
    report = ["report", "--cycle", str(REPORT_CYCLE), "--format", "xlsx", "--out", str(folder / "r.xlsx")]
    for metric, args in (("status_ratio_10y", status), ("report_ratio_10y", report)):
        base = cli_seconds(args, one, folder / "data-one", rounds)
        ours = cli_seconds(args, full, folder / "data-full", rounds)
        emit(metric, base / ours, "ratio", 1.0, ">= 0.5", full_seconds=round(ours, 3),
             one_cycle_seconds=round(base, 3), command=f"eci {' '.join(args[:4])}")  # fmt: skip


def _in_process_seconds(url: str) -> tuple[float, float]:
    """(verify, rebuild) seconds of the store's own functions on a store, without a process to start."""
    with EventStore.open(url) as store:
        began = time.perf_counter()
        assert verify_chain(store.engine, store.dialect).ok
        verified = time.perf_counter()
        rebuild_projections(store.engine, store.dialect)
        return verified - began, time.perf_counter() - verified


def bench_store_figures(synthetic: str, events: int, full: str, full_events: int, folder: Path) -> None:
    """Verify and rebuild of the synthetic log (`eci` in a child process), each against the full-horizon
    store's rate through the same functions scaled to the synthetic log's size."""
    scale = events / full_events
    small_verify, small_rebuild = _in_process_seconds(full)
    _, small_peak, _ = _child(["db", "rebuild"], full, folder / "data-full")
    seconds, _, out = _child(["audit", "verify", "--json"], synthetic, folder / "data-syn")
    assert json.loads(out)["ok"], out
    emit("verify_5m_seconds", seconds, "s", small_verify * scale, "< 60 s", events=events,
         events_per_s=round(events / seconds), baseline_events=full_events)  # fmt: skip
    progress("verified")
    seconds, peak, _ = _child(["db", "rebuild"], synthetic, folder / "data-syn")
    emit("rebuild_5m_seconds", seconds, "s", small_rebuild * scale, "< 300 s", events=events,
         events_per_s=round(events / seconds), baseline_events=full_events)  # fmt: skip
    emit("rebuild_5m_peak_rss_mib", peak, "MiB", small_peak, "bounded (not growing with the log)",
         events=events, baseline_events=full_events)  # fmt: skip


def bench_tui_figures(full: str, repeats: int) -> None:
    """First paint and cycle switch on the full horizon, vs a plain DataTable of the same cells."""
    import bench_tui

    base = asyncio.run(bench_tui.measure_baseline(bench_tui.plain_cells(full), repeats))
    ours = asyncio.run(bench_tui.measure_app(full, repeats))
    emit("tui_first_paint_10y_seconds", ours["first_paint"], "s", base["first_paint"], "< 1 s")
    emit("tui_switch_cycle_10y_ms", ours["switch_cycle"] * 1000, "ms", base["switch_cycle"] * 1000,
         "< 100 ms", cold_ms=round(ours["switch_cycle_cold"] * 1000, 1))  # fmt: skip


class StandIns:
    """The real activities' names, kept in memory: the workflow's history is measured here, not mail."""

    def __init__(self) -> None:
        self.notices: list[NoticeRequest] = []
        self.records: dict[uuid.UUID, RecordRequest] = {}

    @activity.defn(name=NOTICE_ACTIVITY)
    async def send_notice(self, request: NoticeRequest) -> NoticeResult:
        """Remember the notice."""
        self.notices.append(request)
        return NoticeResult(message_ids=(f"<{request.step}@bench>",))

    @activity.defn(name=RECORD_ACTIVITY)
    async def record_event(self, request: RecordRequest) -> int:
        """Keep the event once."""
        self.records.setdefault(request.event_id, request)
        return len(self.records)


async def _history_lengths(env: Any, workflow_id: str, run_id: str | None) -> list[int]:
    """Events in each run of the workflow, following continue-as-new from the first run."""
    lengths = []
    while run_id is not None:
        history = await env.client.get_workflow_handle(workflow_id, run_id=run_id).fetch_history()
        lengths.append(len(history.events))
        last = history.events[-1]
        attrs = last.workflow_execution_continued_as_new_event_attributes
        continued = last.HasField("workflow_execution_continued_as_new_event_attributes")
        run_id = attrs.new_execution_run_id if continued else None
    return lengths


async def overdue_for_years(years: int) -> tuple[list[int], int, float]:
    """One obligation overdue for `years` simulated years; (events per run, notices sent, wall seconds)."""
    from temporalio.contrib.pydantic import pydantic_data_converter
    from temporalio.testing import WorkflowEnvironment
    from temporalio.worker import Worker

    from domain.obligation.terms import CURRENT_REVISION, Deadline, ObligationTerms
    from workflows.obligation import ObligationWorkflow

    stand_ins = StandIns()
    env = await WorkflowEnvironment.start_time_skipping(
        data_converter=pydantic_data_converter,
        test_server_existing_path=str(Path(sys.executable).parent / "temporal-test-server"),
    )
    try:
        now = await env.get_current_time()
        missed_at = now + dt.timedelta(days=2)
        due = (missed_at - dt.timedelta(days=1)).date()
        terms = ObligationTerms(
            obligation_id="2023/05/77", cycle=2023, measure=5, participant="77", district="central",
            deadline=Deadline(due=due, effective_due=due, missed_at=missed_at, reminders=()),
            revision=CURRENT_REVISION,
        )  # fmt: skip
        began = time.perf_counter()
        async with Worker(env.client, task_queue="scale", workflows=[ObligationWorkflow],
                          activities=[stand_ins.send_notice, stand_ins.record_event]):  # fmt: skip
            handle = await env.client.start_workflow(
                ObligationWorkflow.run, terms, id=terms.workflow_id, task_queue="scale"
            )
            await env.sleep(dt.timedelta(days=365 * years + 3))
            lengths = await _history_lengths(env, terms.workflow_id, handle.result_run_id)
        return lengths, len(stand_ins.notices), time.perf_counter() - began
    finally:
        await env.shutdown()


def bench_history(years: int) -> None:
    """The longest single run's history after `years` overdue, vs the same after one year."""
    first, first_notices, first_seconds = asyncio.run(overdue_for_years(1))
    lengths, notices, seconds = (
        asyncio.run(overdue_for_years(years)) if years > 1 else (first, first_notices, first_seconds)
    )
    emit("max_history_events_per_run", max(lengths), "events", max(first), "<= 2000", years=years,
         runs=len(lengths), notices=notices, wall_seconds=round(seconds, 1))  # fmt: skip


def bench_leftovers(per_cycle: int | None) -> None:
    """Every past cycle's obligations left open in one worker, and the newest cycle opened beside them
    (`per_cycle`: only the first obligations of each cycle, None: all)."""
    past, newest = (range(FIRST, FIRST + 2), FIRST + 2) if per_cycle else (range(FIRST, LAST), LAST)
    f = asyncio.run(leftover_figures(past, newest, per_cycle, progress))
    emit("worker_rss_all_open_10y", f["rss_open_mib"], "MiB", f["rss_before_mib"],
         "bounded by the workflow cache (ECI_WORKER_CACHE_SIZE)", open_workflows=int(f["leftovers"]),
         after_new_cycle_mib=round(f["rss_after_new_mib"], 1),
         leftovers_started_per_s=round(f["leftovers_per_s"], 1))  # fmt: skip
    emit("cycle_open_with_leftovers_per_s", f["new_per_s"], "1/s", f["baseline_per_s"],
         ">= 0.5 of the same cycle on a fresh server", cycle=newest,
         obligations=int(f["new_obligations"]), open_beside=int(f["leftovers"]))  # fmt: skip


def main() -> None:
    """Build the stores, run the figures, print one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_options(parser, "two cycles, 200,000 synthetic events, one year")
    parser.add_argument("--events", type=int, default=None, help="size of the synthetic log")
    args = parser.parse_args()
    size = size_of(args)
    cycles = size.pick(range(FIRST, LAST + 1), range(FIRST, FIRST + 2), range(FIRST, FIRST + 1))
    events = args.events or size.pick(5_000_000, 200_000, 20_000)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="eci-bench-scale-") as tmp:
        folder = Path(tmp)
        one, one_obligations, one_events = import_cycles(folder, "one", range(FIRST, FIRST + 1))
        full, obligations, full_events = import_cycles(folder, "full", cycles)
        progress(f"imported: {obligations} obligations, {full_events} events ({one_events} in one cycle)")
        t = time.perf_counter()
        synthetic = synthetic_store(folder, one, events)
        progress(f"synthetic store of {events} events in {time.perf_counter() - t:.1f} s")
        bench_cli(full, one, folder, size.pick(3, 1, 1))
        progress("cli")
        bench_tui_figures(full, size.pick(12, 4, 1))
        progress("tui")
        bench_history(size.pick(10, 1, 1))
        progress("history")
        bench_leftovers(size.pick(None, 100, 10))
        progress("leftovers")
        bench_store_figures(synthetic, events, full, full_events, folder)
    emit("bench_wall_seconds", time.perf_counter() - began, "s", 0.0, "--quick < 60 s",
         cycles=f"{cycles.start}-{cycles.stop - 1}", obligations=obligations, events=full_events,
         synthetic_events=events)  # fmt: skip


if __name__ == "__main__":
    main()
