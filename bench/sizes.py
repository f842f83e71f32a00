"""The sizes every bench runs at: in full (the figures of record), `--quick` (figures in under a minute,
what `make bench` runs) and `--smoke` (every step of the bench at the smallest size that still takes it:
proves the bench runs and prints its figure lines; the figures themselves mean nothing)."""

from __future__ import annotations

import argparse
import enum
from typing import TypeVar

T = TypeVar("T")


class Size(enum.Enum):
    FULL = "full"
    QUICK = "quick"
    SMOKE = "smoke"

    def pick(self, full: T, quick: T, smoke: T) -> T:
        """The value for this size."""
        return {Size.FULL: full, Size.QUICK: quick, Size.SMOKE: smoke}[self]


def add_size_options(parser: argparse.ArgumentParser, quick_help: str) -> None:
    """`--quick` and `--smoke`, one at most."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help=quick_help)
    group.add_argument(
        "--smoke", action="store_true", help="every step at the smallest size: checks the bench runs"
    )


def size_of(args: argparse.Namespace) -> Size:
    """The size the options chose."""
    return Size.SMOKE if args.smoke else Size.QUICK if args.quick else Size.FULL
