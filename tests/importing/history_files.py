"""Writing history import files for the tests."""

from __future__ import annotations

import csv
from pathlib import Path

from domain.history_import.rows import Column


def write_history(path: Path, rows: list[dict[str, str]]) -> Path:
    """A CSV import file with every column and these rows."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=[c.value for c in Column])
        writer.writeheader()
        writer.writerows(rows)
    return path
