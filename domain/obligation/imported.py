"""The outcome of an imported history, as the input a live obligation workflow starts from.

Its own module because both the obligation's terms (which carry it) and the resume rule (which reads
it) need it; kept beside either one, the two modules imported each other.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from domain.obligation.states import ObligationState


class ImportedProgress(BaseModel):
    """The imported history's outcome, as a workflow input: state, missed deadline, counts."""

    model_config = ConfigDict(frozen=True)

    state: ObligationState
    missed: bool = False
    submissions: int = 0
    returns: int = 0
    submitted_at: dt.datetime | None = None
    last_reason: str | None = None
