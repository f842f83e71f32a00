"""Output formats the report commands accept."""

from enum import StrEnum


class CycleReportFormat(StrEnum):
    """Formats of `eci report --cycle` and `eci report measure`."""

    HTML = "html"
    XLSX = "xlsx"
    CSV = "csv"
    MD = "md"


class RegionReportFormat(StrEnum):
    """Formats of `eci report region`."""

    HTML = "html"
    DOCX = "docx"
    MD = "md"


class SummaryFormat(StrEnum):
    """Formats of `eci report summary`."""

    MD = "md"
    HTML = "html"
    XLSX = "xlsx"
    DOCX = "docx"
    PDF = "pdf"
