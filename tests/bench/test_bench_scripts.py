"""Every bench script still runs and still prints its figures, so a bench cannot silently break again.

Each `bench/bench_*.py` runs in a child process, by default with `--smoke`: every step of the bench at
the smallest size that still takes it (its figures mean nothing there; `--quick` is the size whose
figures count, and `make bench` runs it). `ECI_BENCH_TEST_SIZE=--quick` runs this test at that size
instead (several minutes: too long for every `make test`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHES = sorted((ROOT / "bench").glob("bench_*.py"))
SIZE = os.environ.get("ECI_BENCH_TEST_SIZE", "--smoke")
FIGURE_KEYS = {"bench", "metric", "value", "unit", "baseline", "ratio", "target"}
WITHIN_S = 900 if SIZE == "--quick" else 420

pytestmark = [pytest.mark.slow, pytest.mark.timeout(WITHIN_S + 30)]


def figures_of(stdout: str) -> list[dict[str, Any]]:
    """The figure lines that end the output (one JSON object each), in order."""
    figures: list[dict[str, Any]] = []
    for line in reversed([line for line in stdout.splitlines() if line.strip()]):
        try:
            figure = json.loads(line)
        except ValueError:
            break
        if not isinstance(figure, dict) or not FIGURE_KEYS <= figure.keys():
            break
        figures.insert(0, figure)
    return figures


def test_every_bench_script_is_found() -> None:
    assert len(BENCHES) >= 10
    assert SIZE in ("--smoke", "--quick")


@pytest.mark.parametrize("script", BENCHES, ids=[p.stem for p in BENCHES])
def test_the_bench_exits_cleanly_and_ends_with_its_figures(script: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECI_")}
    env.update(ECI_KEY_DIR=str(tmp_path / "keys"), PYTHONUNBUFFERED="1")
    done = subprocess.run(
        [sys.executable, str(script), SIZE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=WITHIN_S,
        check=False,
    )
    said = f"{script.name} {SIZE}: exit {done.returncode}\n{done.stderr[-3000:]}\n{done.stdout[-2000:]}"
    assert done.returncode == 0, said
    figures = figures_of(done.stdout)
    assert figures, f"{script.name} {SIZE} printed no figure line\n{done.stdout[-2000:]}"
    assert {f["bench"] for f in figures} == {figures[0]["bench"]}, said
    assert all(isinstance(f["value"], int | float) for f in figures), said
