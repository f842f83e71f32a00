"""Benchmark: the coordinator's terminal over a large store.

A store of about 10,000 obligations and 200,000 events (cycles 2023–2029, each obligation with a full
story); measured headless with Textual's pilot at 80×24:
- first paint of the matrix (from opening the store to the painted table),
- moving the cursor one cell,
- opening an obligation's detail (status and timeline read, screen painted),
- switching the cycle (the other cycle's matrix painted): `switch_cycle` as a coordinator meets it,
  with the matrix models the screen built while the cycles loaded in the background;
  `switch_cycle_cold` with those models dropped first, so the model is built from the statuses too.
The interactions are measured once every cycle is loaded and the app is idle.
Baseline in the same run: a plain Textual `DataTable` holding the same cells (first paint, cursor move,
re-filling it for the cycle switch, pushing a screen with one `Static` for the detail).
Targets: first paint < 1 s, each interaction < 100 ms.
Usage: python bench/bench_tui.py [--quick|--smoke] [--obligations N] [--repeats R]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sizes import add_size_options, size_of  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import DataTable, Static  # noqa: E402

from demo.tui_sample_history import sample_streams  # noqa: E402
from domain.moscow import MOSCOW  # noqa: E402
from store.event_store import Batch, EventStore  # noqa: E402
from tui.app import EciApp  # noqa: E402
from tui.catalog import plan_catalog  # noqa: E402
from tui.glyphs import look_of  # noqa: E402
from tui.matrix_model import build_matrix  # noqa: E402
from tui.screens.detail import DetailScreen  # noqa: E402
from tui.store_source import StoreSource  # noqa: E402
from tui.widgets.matrix_table import MatrixTable  # noqa: E402

NOW = dt.datetime(2030, 3, 1, 12, tzinfo=MOSCOW)
TODAY = NOW.date()
CYCLES = range(2023, 2030)
SIZE = (80, 24)


def progress(what: str) -> None:
    print(f"# {time.strftime('%H:%M:%S')} {what}", file=sys.stderr, flush=True)


def emit(metric: str, value: float, unit: str, baseline: float, target: str, **extra: Any) -> None:
    """One JSON line per figure."""
    print(json.dumps({
        "bench": "tui", "metric": metric, "value": round(value, 2), "unit": unit,
        "baseline": round(baseline, 2), "ratio": round(value / baseline, 2) if baseline else None,
        "target": target, **extra,
    }, ensure_ascii=False), flush=True)


def build_store(url: str, obligations: int, repeats: int) -> tuple[int, int]:
    """Append the sample history of the first `obligations` obligations; (obligations, events)."""
    store = EventStore.open(url)
    streams = events = 0
    batch: list[Batch] = []
    try:
        for stream, evs in sample_streams(CYCLES, NOW, reminder_repeats=repeats):
            if streams >= obligations:
                break
            batch.append(Batch(stream, evs, 0))
            streams += 1
            events += len(evs)
            if len(batch) >= 500:
                store.append_many(batch)
                batch = []
        if batch:
            store.append_many(batch)
    finally:
        store.close()
    return streams, events


async def settle(pilot: Any) -> None:
    """Wait until every cycle is read (they load in the background after the first paint) and all is idle.

    The interactions are measured on an idle app: a cycle still loading would both slow them down
    and make a cycle switch show only "loading" instead of the rebuilt matrix.
    """
    app = pilot.app
    while not (app.loaded and all(app.book.is_loaded(c) for c in app.book.cycles())):
        await pilot.pause(0.02)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def cursor_moves(pilot: Any, repeats: int) -> float:
    """Median time of a key press moving the cursor one cell (right and down in turn)."""
    moves = []
    for i in range(repeats):
        t = time.perf_counter()
        await pilot.press("right" if i % 2 == 0 else "down")
        moves.append(time.perf_counter() - t)
    return statistics.median(moves)


async def measure_app(url: str, repeats: int) -> dict[str, float]:
    """Times of the real app: first paint, cursor move, open detail, switch cycle."""
    t0 = time.perf_counter()
    app = EciApp(StoreSource.open(url), plan_catalog(), today=lambda: TODAY, poll_seconds=3600, cycle=2028)
    result: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        while not painted(app):
            await pilot.pause(0.005)
        await pilot.pause()
        result["first_paint"] = time.perf_counter() - t0
        progress("app: first paint")
        await settle(pilot)  # the other cycles load in the background; not part of the first paint
        result["cursor_move"] = await cursor_moves(pilot, repeats)
        progress("app: cursor")
        opens = []
        table = app.screen.query_one(MatrixTable)
        for _ in range(max(3, repeats // 4)):
            oid = next(c.obligation_id for r in table.matrix.rows for c in r.cells if c.obligation_id)
            t = time.perf_counter()
            await app.push_screen(DetailScreen(oid))
            while not app.screen.entries:  # type: ignore[attr-defined]
                await pilot.pause(0.002)
            await pilot.pause()
            opens.append(time.perf_counter() - t)
            app.pop_screen()
            await pilot.pause()
        result["open_detail"] = statistics.median(opens)
        progress("app: detail")
        screen: Any = app.screen
        for metric, cold in (("switch_cycle", False), ("switch_cycle_cold", True)):
            switches = []
            for i in range(max(3, repeats // 4)):
                cycle = 2023 + i % 6
                if cold:
                    screen._models.clear()
                t = time.perf_counter()
                screen._set_cycle(str(cycle))
                await pilot.pause()
                switches.append(time.perf_counter() - t)
            result[metric] = statistics.median(switches)
    return result


class PlainTable(App[None]):
    """The baseline: one DataTable with the same cells as strings."""

    def __init__(self, header: list[str], rows: list[tuple[str, list[str]]]) -> None:
        super().__init__()
        self.header = header
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="cell")

    def on_mount(self) -> None:
        self.fill()

    def fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(*self.header)
        for label, cells in self.rows:
            table.add_row(*cells, label=label)


Cells = tuple[list[str], list[tuple[str, list[str]]]]


def painted(app: EciApp) -> bool:
    """The matrix has its rows."""
    return bool(app.loaded and app.screen.query(MatrixTable) and app.screen.query_one(MatrixTable).row_count)


async def measure_baseline(cells: Cells, repeats: int) -> dict[str, float]:
    """The same figures for a plain DataTable of the same cells."""
    t0 = time.perf_counter()
    app = PlainTable(*cells)
    result: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        while not app.query_one(DataTable).row_count:
            await pilot.pause(0.005)
        await pilot.pause()
        result["first_paint"] = time.perf_counter() - t0
        result["cursor_move"] = await cursor_moves(pilot, repeats)
        opens = []
        for _ in range(max(3, repeats // 4)):
            t = time.perf_counter()
            screen = Screen[None]()
            await app.push_screen(screen)
            await screen.mount(Static("\n".join(" ".join(c) for _, c in cells[1][:40])))
            await pilot.pause()
            opens.append(time.perf_counter() - t)
            app.pop_screen()
            await pilot.pause()
        result["open_detail"] = statistics.median(opens)
        switches = []
        for _ in range(max(3, repeats // 4)):
            t = time.perf_counter()
            app.fill()
            await pilot.pause()
            switches.append(time.perf_counter() - t)
        result["switch_cycle"] = statistics.median(switches)
    return result


def store_size(url: str) -> tuple[int, int]:
    """(obligations, events) in the store."""
    source = StoreSource.open(url)
    try:
        obligations = sum(len(source.statuses(c)) for c in source.cycles())
        return obligations, source.head()
    finally:
        source.close()


def plain_cells(url: str) -> Cells:
    """The cells the matrix shows for cycle 2028 (a full cycle), as plain strings."""
    source = StoreSource.open(url)
    catalog = plan_catalog()
    matrix = build_matrix(source.statuses(2028), catalog.measures, catalog.regions, cycle=2028, today=TODAY)
    source.close()
    return [str(n) for n in matrix.measures], [
        (row.label, [look_of(c.kind).glyph for c in row.cells]) for row in matrix.rows
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_options(parser, "fewer repetitions (under a minute)")
    parser.add_argument("--obligations", type=int, default=None, help="10,000 (500 with --smoke)")
    parser.add_argument("--reminder-repeats", type=int, default=3, help="extra reminders per reminder")
    parser.add_argument("--fresh", action="store_true", help="rebuild the cached store")
    args = parser.parse_args()
    mode = size_of(args)
    repeats = mode.pick(40, 12, 1)
    args.obligations = args.obligations or mode.pick(10_000, 10_000, 500)
    # The store is kept between runs (its build is not what is measured); --fresh rebuilds it.
    cache = Path(tempfile.gettempdir()) / f"eci-bench-tui-{args.obligations}-{args.reminder_repeats}.sqlite3"
    if args.fresh or not cache.exists():
        cache.unlink(missing_ok=True)
        t = time.perf_counter()
        building = cache.with_suffix(".building")
        building.unlink(missing_ok=True)
        build_store(f"sqlite:///{building}", args.obligations, args.reminder_repeats)
        building.rename(cache)
        print(f"# store built in {time.perf_counter() - t:.1f} s: {cache}", file=sys.stderr)
    url = f"sqlite:///{cache}"
    obligations, events = store_size(url)
    progress("store ready")
    baseline = asyncio.run(measure_baseline(plain_cells(url), repeats))
    progress("baseline measured")
    ours = asyncio.run(measure_app(url, repeats))
    size = {"obligations": obligations, "events": events}
    emit("first_paint", ours["first_paint"], "s", baseline["first_paint"], "< 1 s", **size)
    for metric in ("cursor_move", "open_detail", "switch_cycle"):
        emit(metric, ours[metric] * 1000, "ms", baseline[metric] * 1000, "< 100 ms", **size)
    emit("switch_cycle_cold", ours["switch_cycle_cold"] * 1000, "ms", baseline["switch_cycle"] * 1000,
         "< 100 ms", **size)


if __name__ == "__main__":
    main()
