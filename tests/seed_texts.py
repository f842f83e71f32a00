"""The plan's and the report form's source texts, which live beside the checkout (`../shared/seeds`).

A plain clone has nothing beside it: the tests that compare the catalog with the source texts skip
there, naming the path they looked for. CI has the texts and sets `ECI_REQUIRE_SEEDS=1`, so a missing
text fails its run instead of skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PLAN_SEED = SEEDS_DIR / "001_4eb1508d3c7ee042.txt"
FORM_SEED = SEEDS_DIR / "000_1b5aa6aefd341eb6.txt"


def seed_path(path: Path, *, module: bool = False) -> Path:
    """`path` when it exists; otherwise skip (the whole module with `module`), or fail under CI."""
    if path.exists():
        return path
    message = f"the source text is not beside the checkout: {path} not found"
    if os.environ.get("ECI_REQUIRE_SEEDS"):
        pytest.fail(message)
    pytest.skip(message, allow_module_level=module)
    raise AssertionError("unreachable")  # pytest.skip raises
