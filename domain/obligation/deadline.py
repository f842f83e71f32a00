"""An obligation's deadline as the workflow sleeps to it: due dates, the missed mark, reminder instants."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, model_validator


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
