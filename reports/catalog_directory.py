"""The reports' `Directory` backed by the plan's catalog and the list of regions."""

from __future__ import annotations

from functools import cache

from domain.plan.catalog import MEASURES, get_measure
from domain.plan.dates import CycleDates, cycle_dates
from domain.plan.regions import FEDERAL_DISTRICT_NAMES_RU, get_region
from domain.plan.types import SECTION_TITLES, Section
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
            district = FEDERAL_DISTRICT_NAMES_RU[region.federal_district]
            return ParticipantInfo(code, region.name, district, True)
        return ParticipantInfo(code, _federal_name(code), FEDERAL_GROUP, False)

    def section_title(self, section: str) -> str:
        """The plan's heading of a section."""
        return SECTION_TITLES[Section(section)]

    def district_rank(self, label: str) -> int:
        """Districts in their official order; federal bodies after them."""
        return _DISTRICT_RANK.get(label, len(_DISTRICT_RANK))

    @cache  # noqa: B019
    def dates(self, measure: int, cycle: int) -> CycleDates | None:
        """The measure's two dates in the cycle, as the plan's deadline rules read them."""
        return cycle_dates(get_measure(measure), cycle)


_DISTRICT_RANK = {name: n for n, name in enumerate(FEDERAL_DISTRICT_NAMES_RU.values())}


@cache
def _federal_name(short_name: str) -> str:
    for measure in MEASURES:
        for executor in measure.executors:
            if executor.short_name == short_name:
                return executor.name
    return short_name
