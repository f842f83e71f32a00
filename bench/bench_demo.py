"""Benchmark: the history import and `eci demo`.

Figures (each with a baseline measured in the same run):
- history import of the demo's past (every region, 2023 to last year) through the file path — read the
  CSV, check every row against the plan, write one transaction — in events/s, vs appending the very same
  events straight to the store (both stores opened before their clocks start);
- the first usable screen of `make run` with the venv installed: `eci up --demo` in a terminal (a pty) on
  a fresh data dir until the coordinator's matrix shows the history, vs `eci up` on an empty tracker until
  its terminal opens (target: 60 s);
- `eci demo` wall time on a fresh data dir (a dev server and worker of its own), vs starting the same live
  workflows alone and waiting for their opening (target: the full demo under 120 s on 2 cores);
  the event count and the obligations in each state are printed beside it.
Usage: python bench/bench_demo.py [--quick|--smoke] (quick: ten regions for the import, three for the demo)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import json
import os
import pty
import select
import signal
import socket
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

from sizes import add_size_options, size_of

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
    with running_stack(_settings(folder, "baseline")) as stack:
        settings = stack.settings

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

    with running_stack(_settings(folder, "demo")) as stack:
        summary = populate(stack.settings, regions=regions)
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


ECI = Path(sys.executable).parent / "eci"
LOADED = "· обязательств".encode()  # the matrix's summary line, drawn once a cycle's statuses are in
EMPTY = "Журнал событий пуст".encode()  # the notice an empty tracker's terminal shows


def _read_until(fd: int, marker: bytes, began: float, timeout: float) -> float | None:
    """Seconds from `began` until `marker` appears on the terminal (None: not in time, or it ended)."""
    seen = b""
    while time.perf_counter() - began < timeout:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return None
        if not chunk:
            return None
        seen = seen[-4096:] + chunk
        if marker in seen:
            return time.perf_counter() - began
    return None


def first_screen(folder: Path, name: str, args: list[str], marker: bytes, timeout: float = 600) -> float:
    """`eci ARGS` in a terminal of its own (a pty, 140×40) on a fresh data dir and free ports: seconds
    until the coordinator's terminal shows `marker`; then `q`, and the stack stops."""
    env = {
        **os.environ, "ECI_DATA_DIR": str(folder / name), "TERM": "xterm-256color",
        "ECI_TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}", "ECI_SMTP_PORT": str(free_port()),
        "ECI_INTAKE_PORT": str(free_port()),
    }  # fmt: skip
    began = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command a person types
        os.execve(str(ECI), [str(ECI), *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
    try:
        seconds = _read_until(fd, marker, began, timeout)
        os.write(fd, b"q")
        _read_until(fd, b"\0never", time.perf_counter(), 90)  # drain until the command ends
    finally:
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG) == (0, 0):
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
        os.close(fd)
    if seconds is None:
        raise RuntimeError(f"eci {' '.join(args)}: the terminal never showed {marker.decode()!r}")
    return seconds


def bench_first_screen(folder: Path) -> None:
    """`make run`'s wait with the venv installed: `eci up --demo` on a fresh data dir until the matrix
    shows the history, vs `eci up` on an empty tracker until its terminal opens (the stack's own cost)."""
    baseline = first_screen(folder, "screen-empty", ["up"], EMPTY)
    seconds = first_screen(folder, "screen-demo", ["up", "--demo"], LOADED)
    _emit("first_screen_seconds", seconds, "s", baseline, "value <= 60 s (venv installed)")


def main() -> None:
    """Run the figures and print one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    add_size_options(parser, "three regions instead of 89")
    size = size_of(parser.parse_args())
    regions = size.pick(None, 3, 1)
    with tempfile.TemporaryDirectory(prefix="eci-bench-demo-") as tmp:
        folder = Path(tmp)
        # The import figure is a rate: at three regions (851 events) per-command costs that do not grow
        # with the file (plan indexes, first queries) still weighed on it, so --quick imports ten.
        bench_import(folder, size.pick(None, 10, 1))
        bench_first_screen(folder)
        bench_demo(folder, regions)


if __name__ == "__main__":
    main()
