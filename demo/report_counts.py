"""The counts of the demo's report forms: the same region and year give the same number in every cycle's
form (2024's «2023» equals 2023's own), parts add up to their wholes, and a few regions tell a story the
consolidated report's checks find.

Each region has a size (a stable draw from its code), each series a growth rate; a year's value is the
size × the series' base × growth^(year − 2022), with a little noise of its own.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

from domain.report_form.schema import FormItem, ReportForm

_SIZES = (0.4, 0.7, 1.0, 1.6, 2.8)
# Bases per 1.0 of size: structural units by department, state units by kind, non-state by legal form.
_DEPARTMENTS = {"health": 12, "social_protection": 8, "education": 10, "non_state_providers": 3}
_STATE_KINDS = {"departments": 0.35, "services": 0.25, "offices": 0.3, "consultation_points": 0.1}
_NON_STATE_KINDS = {"nko": 0.6, "commercial": 0.3, "sole_proprietors": 0.1}

# The story the summary's checks find (see docs/reports.md):
JUMP_REGIONS = {("63", 2023), ("08", 2024), ("42", 2024)}  # internships (18.1) four times the year before
PARTS_REGIONS = {"17"}  # the state units of 5.1.2 add up to more than all units of 5.1
OUTLIER_REGIONS = {("87", 2024)}  # all units (5.1) typed thirty times over


def _draw(*key: object) -> random.Random:
    digest = hashlib.sha256("/".join(map(str, key)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def size(region: str) -> float:
    """The region's size, the same in every cycle."""
    return _draw("size", region).choice(_SIZES)


def series(region: str, key: str, year: int, base: float) -> int:
    """One series' value in a year: stable across the forms that ask for it."""
    growth = _draw("growth", region, key).uniform(1.0, 1.18)
    noise = _draw("noise", region, key, year).uniform(0.95, 1.05)
    return max(0, round(size(region) * base * growth ** (year - 2022) * noise))


def _units(region: str, year: int) -> dict[str, int]:
    """5.1.1 by department; 5.1 is their sum."""
    return {k: series(region, f"5.1.1/{k}", year, b) for k, b in _DEPARTMENTS.items()}


def _split(total: int, shares: dict[str, float]) -> dict[str, int]:
    parts = {k: int(total * s) for k, s in shares.items()}
    first = next(iter(parts))
    parts[first] += total - sum(parts.values())
    return parts


def _year_values(region: str, item: str, year: int) -> dict[str, int]:
    """Every part of a counts item in one year ("" for the item's own number)."""
    units = _units(region, year)
    all_units = sum(units.values())
    state = all_units - units["non_state_providers"]
    if item == "5.1":
        return {"": all_units * 30 if (region, year) in OUTLIER_REGIONS else all_units}
    if item == "5.1.1":
        return units
    if item == "5.1.2":
        kinds = _split(state, _STATE_KINDS)
        if region in PARTS_REGIONS:
            kinds["offices"] += all_units
        return {"total": round(state * 0.6), **kinds}
    if item == "11.1":
        return {"": units["non_state_providers"]}
    if item == "11.1.2":
        return _split(units["non_state_providers"], _NON_STATE_KINDS)
    if item == "12.5":
        authorities, organisations = series(region, "12.5/a", year, 6), series(region, "12.5/o", year, 25)
        return {
            "total": authorities + organisations,
            "authorities": authorities,
            "organisations": organisations,
        }
    if item == "4.4":
        return {"": _draw("centres", region, year).choice((0, 0, 1, 1, 2))}
    if item == "18.1":
        value = series(region, "18.1", year, 15)
        return {"": value * 4 if (region, year) in JUMP_REGIONS else value}
    return {"": series(region, item, year, 10)}


def counts_answer(form: ReportForm, item: FormItem, region: str) -> dict[Any, Any]:
    """The raw answer of a counts item, as an answer file holds it: by year, or by part and year."""
    years = item.years or (form.cycle, form.previous_year)
    by_year = {year: _year_values(region, item.number, year) for year in years}
    if not item.parts:
        return {year: values[""] for year, values in by_year.items()}
    return {p.key: {year: by_year[year].get(p.key, 0) for year in years} for p in item.parts}
