"""The tile-grid map's layout: every one of the 89 subjects in a fixed square, roughly where it lies
(north at the top, west on the left), read from `tile_grid.csv` beside this module.

A tile grid rather than boundaries: no maintained plotting package ships the boundaries of all 89
subjects, and equal tiles give Севастополь the same weight on the page as Якутия.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True)
class Tile:
    """A region's square: row from the top, column from the left, and a short label."""

    code: str
    row: int
    col: int
    label: str


@cache
def tile_grid() -> tuple[Tile, ...]:
    """The 89 tiles, as the data file lists them."""
    text = files("reports.summary").joinpath("tile_grid.csv").read_text(encoding="utf-8")
    return tuple(
        Tile(r["code"], int(r["row"]), int(r["col"]), r["label"]) for r in csv.DictReader(text.splitlines())
    )
