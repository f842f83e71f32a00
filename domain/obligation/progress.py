"""Where an obligation's workflow stands: its state, current deadline, documents and the steps done."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from domain.documents import SubmittedDocument
from domain.obligation.deadline import Deadline
from domain.obligation.states import ObligationState


class _Opens(Protocol):
    """What an opening needs of the terms (`ObligationTerms`, whose module imports this one)."""

    @property
    def obligation_id(self) -> str: ...

    @property
    def deadline(self) -> Deadline: ...


class ObligationProgress(BaseModel):
    """The workflow's state, replaced (never mutated) by each transition; also the status query's answer."""

    model_config = ConfigDict(frozen=True)

    obligation_id: str
    state: ObligationState = ObligationState.OPEN
    deadline: Deadline
    # Steps at or after this instant are still due; moves with each fired step and each state change.
    cursor: dt.datetime
    missed: bool = False
    escalated: bool = False
    documents: tuple[SubmittedDocument, ...] = ()
    staged: tuple[str, ...] = ()  # stages of a staged measure that have documents
    review_stages: tuple[str, ...] = ()  # stages submitted since the last review
    submissions: int = 0
    returns: int = 0
    extensions: int = 0
    retimes: int = 0  # deadline moves by the catalog's rule (`eci cycle retime`), not extensions
    reminders_sent: int = 0
    overdue_notices: int = 0
    done_steps: frozenset[str] = frozenset()
    submitted_at: dt.datetime | None = None
    accepted_at: dt.datetime | None = None
    last_reason: str | None = None

    @classmethod
    def opening(cls, terms: _Opens, now: dt.datetime) -> ObligationProgress:
        """The progress of a freshly opened obligation."""
        return cls(obligation_id=terms.obligation_id, deadline=terms.deadline, cursor=now)

    @property
    def is_final(self) -> bool:
        """Accepted or waived: the workflow ends."""
        return self.state.is_final
