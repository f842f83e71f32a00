"""A light status for the matrix and lists: the key fields only, cheap to read for thousands of rows.

The full `ObligationStatus` (documents, reasons) is read per obligation when its detail opens.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from domain.obligation.states import ObligationState

_SUBMITTED_AT = re.compile(r'"submitted_at"\s*:\s*"([^"]+)"')
_ESCALATED = re.compile(r'"escalated"\s*:\s*true')


@dataclass(frozen=True, slots=True)
class StatusSummary:
    """What the matrix, queue and lists read of one obligation."""

    id: str
    cycle: int
    measure: int
    participant: str
    state: ObligationState
    due: dt.date
    effective_due: dt.date
    submitted_at: dt.datetime | None
    escalated: bool = False


def summary_from_row(
    obligation_id: str, cycle: int, measure: int, participant: str, state: str, due: str,
    effective_due: str, status_json: str,
) -> StatusSummary:
    """Build from the status projection's columns; the two fields without a column come from its JSON."""
    submitted = _SUBMITTED_AT.search(status_json)
    return StatusSummary(
        obligation_id, cycle, measure, participant, ObligationState(state),
        dt.date.fromisoformat(due), dt.date.fromisoformat(effective_due),
        dt.datetime.fromisoformat(submitted.group(1)) if submitted else None,
        _ESCALATED.search(status_json) is not None,
    )
