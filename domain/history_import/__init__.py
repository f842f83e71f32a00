"""A prior period's history brought in from a spreadsheet: rows, their rules, the imported events and
where an imported obligation stands when its live workflow takes over.

The names below are the package's public face; other layers import them from here or from the
module that defines them.
"""

from domain.history_import.events import (
    AcceptanceImported,
    DeadlineMissedImported,
    ImportSource,
    ObligationImported,
    SubmissionImported,
)
from domain.history_import.resume import imported_progress, resume_progress
from domain.history_import.rows import (
    COLUMN_LABELS_RU,
    FIRST_DATA_LINE,
    Cell,
    Column,
    ImportRow,
    is_blank,
    map_headers,
    parse_row,
    row_cells,
)
from domain.history_import.rules import ImportedObligation, PlannedObligation, business_instant, plan_import

__all__ = [
    "AcceptanceImported",
    "business_instant",
    "Cell",
    "Column",
    "COLUMN_LABELS_RU",
    "DeadlineMissedImported",
    "FIRST_DATA_LINE",
    "imported_progress",
    "ImportedObligation",
    "ImportRow",
    "ImportSource",
    "is_blank",
    "map_headers",
    "ObligationImported",
    "parse_row",
    "plan_import",
    "PlannedObligation",
    "resume_progress",
    "row_cells",
    "SubmissionImported",
]
