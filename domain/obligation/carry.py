"""What a continued obligation run takes over from the run before it (continue-as-new).

An optional field of the workflow's terms (`ObligationTerms.carried`): inputs recorded before
continue-as-new existed lack it, so they still read and their histories replay unchanged.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from domain.obligation.notices import NoticeRequest
from domain.obligation.progress import ObligationProgress


class CarriedState(BaseModel):
    """The progress so far (with every step done, so nothing fires twice) and the notices not yet sent."""

    model_config = ConfigDict(frozen=True)

    progress: ObligationProgress
    notices: tuple[NoticeRequest, ...] = ()
    # How many runs came before this one: a figure for operators, not used by any rule.
    runs_before: int = 1
