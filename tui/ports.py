"""The shapes the views read from the domain: obligation statuses, measures and regions.

Protocols rather than concrete imports keep the view models pure and testable with any
object carrying these attributes (the fold's `ObligationStatus`, the catalog's `Measure`, …).
"""

from __future__ import annotations

from typing import Any, Protocol

from domain.obligation.status import StatusView

# What the views read from an obligation's folded status.
StatusLike = StatusView


class MeasureLike(Protocol):
    """What the views read from a measure of the plan."""

    @property
    def number(self) -> int: ...
    @property
    def title(self) -> str: ...


class RegionLike(Protocol):
    """What the views read from a region."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def federal_district(self) -> Any: ...


def obligation_key(status: StatusLike) -> str:
    """`2023/05/77`, the obligation's id, built from the status's own fields."""
    return f"{status.cycle}/{status.measure:02d}/{status.participant}"
