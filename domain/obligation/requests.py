"""What the coordinator and the regions ask an obligation's workflow to do (its update inputs)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from domain.actors import Actor
from domain.documents import SubmittedDocument
from domain.eventing.metadata import MailOrigin
from domain.obligation.terms import Deadline


class ActionSignature(BaseModel):
    """A person's Ed25519 signature over the action (`domain.obligation.signing`), made on the client.

    The public key travels with it so the workflow checks the signature itself before accepting the
    update; an activity then checks that the key is registered to the login, which holds the role.
    `action_id` (new for every action) and `version` (the obligation's stream version the signer saw)
    are signed too: the workflow takes an action id once, and only at the version it was signed for.
    Both are absent from requests recorded before they existed (those replay unchanged).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    login: str = Field(max_length=64)
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    public_key: str = Field(max_length=64)
    signed_at: dt.datetime
    value: str = Field(max_length=200)
    action_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    version: int | None = Field(default=None, ge=0)


class SubmitRequest(BaseModel):
    """Documents proving the measure (or one stage of it), already stored by their SHA-256."""

    model_config = ConfigDict(frozen=True)

    actor: Actor
    documents: tuple[SubmittedDocument, ...] = Field(min_length=1)
    milestone: str | None = None
    comment: str | None = Field(default=None, max_length=2000)
    # Set by the mail intake: the reply the documents came in (recorded in the event's metadata).
    mail: MailOrigin | None = None
    signature: ActionSignature | None = None
    # A corrected annual form: its answer replaces the one under review (the coordinator reviews the
    # newer version) instead of being refused while the earlier one waits.
    replaces_review: bool = False


class RetimeRequest(BaseModel):
    """The catalog's current deadline for a running obligation, applied by the system with a reason."""

    model_config = ConfigDict(frozen=True)

    actor: Actor
    deadline: Deadline
    reason: str = Field(max_length=2000)
    signature: ActionSignature | None = None


class ReviewRequest(BaseModel):
    """Accept, return or waive: who decides and why (a reason is required to return or waive)."""

    model_config = ConfigDict(frozen=True)

    actor: Actor
    reason: str | None = Field(default=None, max_length=2000)
    signature: ActionSignature | None = None


class ExtendRequest(BaseModel):
    """A new deadline (with its instants computed in domain) and the reason for it."""

    model_config = ConfigDict(frozen=True)

    actor: Actor
    deadline: Deadline
    reason: str = Field(max_length=2000)
    signature: ActionSignature | None = None


SignedRequest = SubmitRequest | ReviewRequest | ExtendRequest | RetimeRequest
