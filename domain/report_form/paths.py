"""Where in an item's answer a value sits: the steps from the item to it (a part, a year, a field, a row).

An answer cell of the workbook knows its path, and a problem found in the answers names the path it is
about, so each problem is put on its own cell without reading its (Russian) wording.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Index:
    """A position (from 1) in a list answer: a table's row or a list's document."""

    n: int


PathStep = str | int | Index
