"""What the reports need to know about measures and participants, looked up in the plan's catalog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from domain.plan.dates import CycleDates

FEDERAL_GROUP = "Федеральные органы исполнительной власти"


@dataclass(frozen=True)
class MeasureInfo:
    """A measure as reports label it."""

    number: int
    section: str
    title: str


@dataclass(frozen=True)
class ParticipantInfo:
    """A participant as reports label it: a region with its federal district, or a federal body."""

    code: str
    name: str
    federal_district: str
    is_region: bool


class Directory(Protocol):
    """Lookups the report builders use; the catalog implements them, tests may fake them."""

    def measure(self, number: int) -> MeasureInfo:
        """The measure with this number."""
        ...

    def participant(self, code: str) -> ParticipantInfo:
        """The region (by two-digit code) or federal body (by short name)."""
        ...

    def section_title(self, section: str) -> str:
        """The plan's heading of a section I…VI."""
        ...

    def district_rank(self, label: str) -> int:
        """Where a federal district goes in listings (federal bodies last)."""
        ...

    def dates(self, measure: int, cycle: int) -> CycleDates | None:
        """The measure's implementation deadline and report date in a cycle (None outside its cycles)."""
        ...


def participant_sort_key(info: ParticipantInfo) -> tuple[int, str]:
    """Regions by code first, then federal bodies by name."""
    return (0, info.code) if info.is_region else (1, info.name)
