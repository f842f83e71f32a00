"""The reports' `Directory` backed by the plan's catalog and the list of regions."""

from __future__ import annotations

from functools import cache

from domain.catalog import MEASURES, get_measure
from domain.catalog_types import SECTION_TITLES, Section
from domain.regions import get_region
from reports.directory import FEDERAL_GROUP, MeasureInfo, ParticipantInfo


class CatalogDirectory:
    """Measures, sections and participants as the plan names them."""

    @cache  # noqa: B019 - one instance lives for a command; the catalog never changes under it
    def measure(self, number: int) -> MeasureInfo:
        """The measure with this number (DomainError if the plan has none)."""
        m = get_measure(number)
        return MeasureInfo(number=m.number, section=m.section.value, title=m.title)

    @cache  # noqa: B019
    def participant(self, code: str) -> ParticipantInfo:
        """A region by its two-digit code, or a federal executor by its short name."""
        if code.isdigit():
            region = get_region(code)
            return ParticipantInfo(code, region.name, _district_label(region.federal_district), True)
        return ParticipantInfo(code, _federal_name(code), FEDERAL_GROUP, False)

    def section_title(self, section: str) -> str:
        """The plan's heading of a section."""
        return SECTION_TITLES[Section(section)]


def _district_label(district: object) -> str:
    label = getattr(district, "label", None) or getattr(district, "title", None)
    return str(label if label else getattr(district, "value", district))


@cache
def _federal_name(short_name: str) -> str:
    for measure in MEASURES:
        for executor in measure.executors:
            if executor.short_name == short_name:
                return executor.name
    return short_name
