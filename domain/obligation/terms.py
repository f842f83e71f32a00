"""What an obligation's workflow is started with: its identity, deadline instants and reminder instants.

Computed from the plan in `domain/` (see `domain.obligation.start`); tests pass near-future instants.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from domain.obligation.carry import CarriedState
from domain.obligation.deadline import Deadline, ReminderAt
from domain.obligation.events import Milestone
from domain.obligation.id import stream_of
from domain.obligation.imported import ImportedProgress
from domain.obligation.schedule import ESCALATE_AFTER, OVERDUE_EVERY

__all__ = ["CURRENT_REVISION", "Deadline", "ObligationTerms", "ReminderAt"]

# The revision new runs are started at (`workflows.revision` lists what each revision takes).
CURRENT_REVISION = 1


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
    # The cadence is the schedule's (`domain.obligation.schedule`); tests pass shorter ones.
    overdue_every: dt.timedelta = Field(default=OVERDUE_EVERY, gt=dt.timedelta(0))
    escalate_after: dt.timedelta = Field(default=ESCALATE_AFTER, ge=dt.timedelta(0))
    opened_by: str = "system"
    # Set when the obligation's earlier history was imported: the workflow continues from there.
    imported: ImportedProgress | None = None
    # Set on a run continued as new: what the run before handed over (absent from runs that never were,
    # so their recorded inputs still read). The workflow keeps its terms without it.
    carried: CarriedState | None = None
    # The workflow's changes this run takes as given, without asking `workflow.patched` (so without a
    # marker in its history): runs are started at CURRENT_REVISION; inputs recorded before lack it (0),
    # and those runs ask each patch as they always did.
    revision: int = Field(default=0, ge=0)

    @property
    def workflow_id(self) -> str:
        """The obligation's workflow id and event stream."""
        return stream_of(self.obligation_id)
