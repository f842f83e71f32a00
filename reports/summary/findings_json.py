"""The findings for machines (`eci report summary --findings --json`): stable English keys, values as
numbers, the rule's code and Russian message for the coordinator's query to the region."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reports.summary.report import Summary
from reports.summary.rule_catalog import RULES_BY_CODE


def findings_json(summary: Summary) -> list[dict[str, Any]]:
    """One object per finding, in the summary's order (region, item, rule)."""
    return [
        {
            "cycle": summary.cycle,
            "region": f.region,
            "region_name": summary.region_name(f.region),
            "federal_district": summary.region(f.region).federal_district.value,
            "item": f.item,
            "part": f.part or None,
            "year": f.year,
            "value": _plain(f.value),
            "compared_with": _plain(f.compared_with),
            "rule": f.rule,
            "rule_title": RULES_BY_CODE[f.rule].title,
            "message": f.message,
        }
        for f in summary.findings
    ]


def _plain(value: object) -> int | float | str | None:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value  # type: ignore[return-value]
