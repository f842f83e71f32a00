"""Benchmark: checking the report-form answer files of all 89 regions.

Figure: answer files checked per second, each read from disk, parsed (duplicate-key-safe YAML) and
validated item by item into typed answers — what `eci form check` does per file. Baseline, measured in
the same run: plain safe YAML loading (libyaml when present) of the same files, the least any check
must do.
Usage: python bench/bench_form_check.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from sizes import add_size_options, size_of

from demo.report_answers import answer_data
from domain.plan.regions import REGIONS
from domain.report_form.forms import FORM_2023
from eci.form.files import check_answer_file


def _write_files(directory: Path) -> list[Path]:
    paths = []
    for region in REGIONS:
        data = answer_data(FORM_2023, region.code, random.Random(region.code))
        path = directory / f"{region.code}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def _check_all(paths: list[Path]) -> int:
    results = [check_answer_file(p) for p in paths]
    bad = [p for r in results for p in r.problems]
    if bad:
        raise SystemExit(f"generated answers have problems: {bad[0]}")
    return len(results)


def _parse_all(paths: list[Path]) -> int:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return len([yaml.load(p.read_text(encoding="utf-8"), Loader=loader) for p in paths])


def _best_rate(fn: Callable[[list[Path]], int], paths: list[Path], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        done = fn(paths)
        best = min(best, time.perf_counter() - start)
    return done / best


def main() -> None:
    """Run the benchmark and print one JSON line per figure."""
    parser = argparse.ArgumentParser()
    add_size_options(parser, "fewer rounds (well under a minute)")
    rounds = size_of(parser.parse_args()).pick(5, 2, 1)
    with tempfile.TemporaryDirectory() as tmp:
        paths = _write_files(Path(tmp))
        rate = _best_rate(_check_all, paths, rounds)
        baseline = _best_rate(_parse_all, paths, rounds)
    figure = {
        "bench": "form_check",
        "metric": "answer_files_checked_per_s",
        "value": round(rate, 1),
        "unit": "files/s",
        "baseline": round(baseline, 1),
        "ratio": round(rate / baseline, 3),
        "target": f"all {len(paths)} regions' answer files checked in under 2 s (>= 45 files/s)",
    }
    print(json.dumps(figure, ensure_ascii=False))


if __name__ == "__main__":
    main()
