"""Benchmark: deriving every obligation of the plan (all cycles) from the catalog.

Figure: obligations derived per second, cold (cache cleared), with due and effective due dates,
milestones and reminder instants. Baseline, measured in the same run: building the same number of bare
`ObligationId` models, the least any derivation must do per obligation.
Usage: python bench/bench_catalog.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import time

from sizes import add_size_options, size_of

from domain.obligation import plan as obligations
from domain.obligation.id import ObligationId


def _derive_all() -> int:
    obligations._cycle_obligations.cache_clear()
    return sum(len(obligations.obligations_for_cycle(c)) for c in obligations.CYCLES)


def _bare_ids(count: int) -> int:
    return len([ObligationId(cycle=2023, measure=n % 31 + 1, participant="77") for n in range(count)])


def _best_rate(fn: object, arg: object, rounds: int) -> tuple[float, int]:
    best, done = float("inf"), 0
    for _ in range(rounds):
        start = time.perf_counter()
        done = fn() if arg is None else fn(arg)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return done / best, done


def main() -> None:
    """Run the benchmark and print one JSON line per figure."""
    parser = argparse.ArgumentParser()
    add_size_options(parser, "fewer rounds (well under a minute)")
    rounds = size_of(parser.parse_args()).pick(10, 3, 1)
    rate, count = _best_rate(_derive_all, None, rounds)
    baseline, _ = _best_rate(_bare_ids, count, rounds)
    print(json.dumps({
        "bench": "catalog", "metric": "obligations_derived_per_s", "value": round(rate),
        "unit": "obligations/s", "baseline": round(baseline), "ratio": round(rate / baseline, 3),
        "target": "all cycles 2023–2030 (" + str(count) + " obligations) derived in under 1 s",
    }, ensure_ascii=False))  # fmt: skip


if __name__ == "__main__":
    main()
