"""What an obligation's workflow is started with: its identity, deadline instants and reminder instants.

Computed from the plan in `domain/` (see `domain.obligation_start`); tests pass near-future instants.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.events import Milestone
from domain.imported_progress import ImportedProgress


class ReminderAt(BaseModel):
    """One reminder: when it goes out and how many days before the due date that is."""

    model_config = ConfigDict(frozen=True)

    at: dt.datetime
    days_before: int


class Deadline(BaseModel):
    """A due date with the instants the workflow sleeps to: reminders before it, the missed mark after it."""

    model_config = ConfigDict(frozen=True)

    due: dt.date
    effective_due: dt.date
    missed_at: dt.datetime
    reminders: tuple[ReminderAt, ...] = ()

    @model_validator(mode="after")
    def _instants_aware(self) -> Deadline:
        for instant in (self.missed_at, *(r.at for r in self.reminders)):
            if instant.tzinfo is None:
                raise ValueError("deadline instants must be timezone-aware")
        return self


class ObligationTerms(BaseModel):
    """The obligation workflow's one input."""

    model_config = ConfigDict(frozen=True)

    obligation_id: str
    cycle: int
    measure: int
    participant: str
    district: str
    deadline: Deadline
    milestones: tuple[Milestone, ...] = ()
    overdue_every: dt.timedelta = Field(default=dt.timedelta(days=7), gt=dt.timedelta(0))
    escalate_after: dt.timedelta = Field(default=dt.timedelta(days=14), ge=dt.timedelta(0))
    opened_by: str = "system"
    # Set when the obligation's earlier history was imported: the workflow continues from there.
    imported: ImportedProgress | None = None

    @property
    def workflow_id(self) -> str:
        """The obligation's workflow id and event stream."""
        return f"obligation/{self.obligation_id}"
