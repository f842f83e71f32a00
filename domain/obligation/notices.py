"""What the workflows ask the mail subsystem to send, and what it answers.

Workflow code builds a `NoticeRequest` and calls the `send_notice` activity; the request is
deterministic (no clocks, no I/O) so a replayed workflow asks for the very same message.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class NoticeKind(StrEnum):
    """The closed set of messages the tracker sends."""

    REMINDER = "reminder"
    DEADLINE_MISSED = "deadline_missed"
    OVERDUE = "overdue"
    ESCALATION = "escalation"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    EXTENDED = "extended"
    WEEKLY_DIGEST = "weekly_digest"


class NoticeRequest(BaseModel):
    """One notice about one obligation; `step` is stable across retries and names the message."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    obligation_id: str
    kind: NoticeKind
    # e.g. "reminder-30", "overdue-14", "returned-2": the same step always yields the same Message-ID
    step: str = Field(min_length=1, max_length=120)
    days: int | None = None
    reason: str | None = None
    due: dt.date | None = None
    effective_due: dt.date | None = None


class NoticeResult(BaseModel):
    """What happened: the Message-IDs sent (or queued), a permanent failure, or no contact to write to."""

    model_config = ConfigDict(frozen=True)

    message_ids: tuple[str, ...] = ()
    failed: bool = False
    no_contact: bool = False


class DigestKind(StrEnum):
    """The periodic messages to the coordinator."""

    ESCALATIONS = "escalations"
    WEEKLY = "weekly"


class DigestRequest(BaseModel):
    """Run one digest job; `at` is the scheduled instant (the workflow fills it from its clock)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: DigestKind
    at: dt.datetime | None = None


class DigestResult(BaseModel):
    """The Message-IDs the job sent, and how many notices it could not deliver."""

    model_config = ConfigDict(frozen=True)

    message_ids: tuple[str, ...] = ()
    failed: int = 0
    waiting: int = 0
