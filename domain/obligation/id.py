"""The obligation's identity, and every form it is written in.

`2023/05/77` (cycle, two-digit measure, participant) is the id itself. The event-store stream and the
Temporal workflow id are `obligation/2023/05/77`; reply tokens and folder names use `2023-05-77`. Only
this module spells these forms; everything else asks it.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from domain.errors import DomainError

STREAM_PREFIX = "obligation/"
_ID = re.compile(r"^(\d{4})/(\d{2})/(.+)$")


def stream_of(obligation_id: str) -> str:
    """The stream (and workflow id) of an obligation given as `2023/05/77` or already as its stream."""
    return obligation_id if obligation_id.startswith(STREAM_PREFIX) else STREAM_PREFIX + obligation_id


def plain_id(text: str) -> str:
    """`2023/05/77` from the id, its stream or its workflow id (no parsing: the hot paths call it)."""
    return text.removeprefix(STREAM_PREFIX)


def id_of_stream(stream: str) -> str | None:
    """The obligation id a stream belongs to, or None when the stream is not an obligation's."""
    return stream[len(STREAM_PREFIX) :] if stream.startswith(STREAM_PREFIX) else None


def is_obligation_stream(stream: str) -> bool:
    """Whether the stream is an obligation's (not a user's, a form's, the intake's, …)."""
    return stream.startswith(STREAM_PREFIX)


def streams_prefix(cycle: int | None = None) -> str:
    """The prefix every obligation stream shares, or those of one cycle."""
    return STREAM_PREFIX if cycle is None else f"{STREAM_PREFIX}{cycle}/"


class ObligationId(BaseModel):
    """Measure × participant × cycle."""

    model_config = ConfigDict(frozen=True)

    cycle: int
    measure: int
    participant: str

    @classmethod
    def parse(cls, text: str) -> ObligationId:
        """Read `2023/05/77`; also accepts the workflow id or stream form with an `obligation/` prefix."""
        raw = plain_id(text.strip())
        match = _ID.match(raw)
        if not match:
            raise DomainError(
                f"неверный номер обязательства «{text}»: "
                "ожидается ГОД/МЕРОПРИЯТИЕ/УЧАСТНИК, например 2026/05/77",
                "bad_obligation_id",
            )
        return cls(cycle=int(match.group(1)), measure=int(match.group(2)), participant=match.group(3))

    def __str__(self) -> str:
        return f"{self.cycle}/{self.measure:02d}/{self.participant}"

    @property
    def stream(self) -> str:
        """The event-store stream of this obligation."""
        return STREAM_PREFIX + str(self)

    @property
    def workflow_id(self) -> str:
        """The Temporal workflow id of this obligation (the same text as its stream)."""
        return STREAM_PREFIX + str(self)

    @property
    def dashed(self) -> str:
        """`2023-05-77`: the form reply tokens, folder and file names carry (no slashes)."""
        return f"{self.cycle:04d}-{self.measure:02d}-{self.participant}"
