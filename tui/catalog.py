"""The plan's measures and the regions, with the lookups the screens need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tui.ports import MeasureLike, RegionLike


@dataclass(frozen=True)
class Catalog:
    """Measures and regions the screens label things with."""

    measures: Sequence[MeasureLike]
    regions: Sequence[RegionLike]
    _measures: dict[int, MeasureLike] = field(init=False, repr=False, compare=False)
    _regions: dict[str, RegionLike] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_measures", {m.number: m for m in self.measures})
        object.__setattr__(self, "_regions", {r.code: r for r in self.regions})

    def measure(self, number: int) -> MeasureLike | None:
        """A measure by number."""
        return self._measures.get(number)

    def region(self, code: str) -> RegionLike | None:
        """A region by two-digit code (None for federal participants)."""
        return self._regions.get(code)

    def participant_label(self, participant: str) -> str:
        """`77 Москва`, or the federal body's name."""
        region = self._regions.get(participant)
        return f"{participant} {region.name}" if region else participant

    def federal_participants(self) -> tuple[str, ...]:
        """Federal bodies owing obligations under any measure, so their rows stay put across cycles."""
        names = {p for m in self.measures for p in getattr(m, "federal_participants", ())}
        return tuple(sorted(names))

    def measure_title(self, number: int) -> str:
        """The measure's title, or an empty string."""
        measure = self._measures.get(number)
        return measure.title if measure else ""


def plan_catalog() -> Catalog:
    """The plan's 31 measures and the 89 regions."""
    from domain.plan.catalog import MEASURES
    from domain.plan.regions import REGIONS

    return Catalog(MEASURES, REGIONS)
