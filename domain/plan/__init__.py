"""The plan as typed data: its 31 measures in six sections, executors, the 89 regions, the production
calendar and the reading of «Сроки реализации» as dates. Everything else in the domain builds on it.

The names below are the package's public face; other layers import them from here or from the
module that defines them.
"""

from domain.plan.calendar import (
    OFFICIAL_YEARS,
    PROVISIONAL_MARK_RU,
    effective_due,
    is_official_year,
    is_provisional_effective_due,
    is_working_day,
    non_working_days,
    provisional_years,
)
from domain.plan.catalog import MEASURES, federal_participants, get_measure
from domain.plan.dates import CycleDates, cycle_dates, implementation_due, reading_ru, report_due
from domain.plan.deadlines import annual_due, period_end, read_deadline_text
from domain.plan.participants import check_region, is_federal_participant, region_name
from domain.plan.regions import (
    FEDERAL_DISTRICT_NAMES_RU,
    REGION_CODES,
    REGIONS,
    FederalDistrict,
    get_region,
    is_region_code,
    parse_federal_district,
    regions_in,
)
from domain.plan.types import SECTION_TITLES, Section

__all__ = [
    "annual_due",
    "cycle_dates",
    "CycleDates",
    "implementation_due",
    "check_region",
    "effective_due",
    "FEDERAL_DISTRICT_NAMES_RU",
    "federal_participants",
    "FederalDistrict",
    "get_measure",
    "get_region",
    "is_federal_participant",
    "is_official_year",
    "is_provisional_effective_due",
    "is_region_code",
    "is_working_day",
    "MEASURES",
    "non_working_days",
    "OFFICIAL_YEARS",
    "parse_federal_district",
    "period_end",
    "PROVISIONAL_MARK_RU",
    "provisional_years",
    "read_deadline_text",
    "reading_ru",
    "REGION_CODES",
    "region_name",
    "report_due",
    "REGIONS",
    "regions_in",
    "Section",
    "SECTION_TITLES",
]
