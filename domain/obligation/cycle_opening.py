"""Opening a cycle: which year, and how many obligations were started, already running or closed."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from domain.errors import DomainError
from domain.moscow import MOSCOW


class OpenCycleRequest(BaseModel):
    """Open `cycle`, or (from the yearly schedule) the Moscow year of instant `at`."""

    model_config = ConfigDict(frozen=True)

    cycle: int | None = None
    at: dt.datetime | None = None
    opened_by: str = "system"
    participant: str | None = None  # open only this participant's obligations

    def year(self) -> int:
        """The cycle to open."""
        if self.cycle is not None:
            return self.cycle
        if self.at is None:
            raise DomainError("для открытия цикла нужен год или момент времени", "cycle_needs_year")
        return self.at.astimezone(MOSCOW).year


class CycleOpened(BaseModel):
    """The outcome of opening a cycle."""

    model_config = ConfigDict(frozen=True)

    cycle: int
    running: int  # started now or already running
    closed: int  # already accepted or waived: a closed obligation is never run again
    seconds: float = 0.0
