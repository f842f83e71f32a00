"""What the coordinator and the regions ask an obligation's workflow to do (its update inputs)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from domain.actors import Actor
from domain.documents import SubmittedDocument
from domain.event_metadata import MailOrigin
from domain.obligation_terms import Deadline


class SubmitRequest(BaseModel):
    """Documents proving the measure (or one stage of it), already stored by their SHA-256."""

    model_config = ConfigDict(frozen=True)

    actor: Actor
    documents: tuple[SubmittedDocument, ...] = Field(min_length=1)
    milestone: str | None = None
    comment: str | None = Field(default=None, max_length=2000)
    # Set by the mail intake: the reply the documents came in (recorded in the event's metadata).
    mail: MailOrigin | None = None


class RetimeRequest(BaseModel):
    """The catalog's current deadline for a running obligation, applied by the system with a reason."""

    model_config = ConfigDict(frozen=True)

    actor: Actor
    deadline: Deadline
    reason: str = Field(max_length=2000)


class ReviewRequest(BaseModel):
    """Accept, return or waive: who decides and why (a reason is required to return or waive)."""

    model_config = ConfigDict(frozen=True)

    actor: Actor
    reason: str | None = Field(default=None, max_length=2000)


class ExtendRequest(BaseModel):
    """A new deadline (with its instants computed in domain) and the reason for it."""

    model_config = ConfigDict(frozen=True)

    actor: Actor
    deadline: Deadline
    reason: str = Field(max_length=2000)
