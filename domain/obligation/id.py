"""The obligation's identity: `{cycle}/{measure:02d}/{participant}`, shared by workflow id and stream."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from domain.errors import DomainError

_ID = re.compile(r"^(\d{4})/(\d{2})/(.+)$")


class ObligationId(BaseModel):
    """Measure × participant × cycle."""

    model_config = ConfigDict(frozen=True)

    cycle: int
    measure: int
    participant: str

    @classmethod
    def parse(cls, text: str) -> ObligationId:
        """Read `2023/05/77`; also accepts the workflow id or stream form with an `obligation/` prefix."""
        raw = text.strip().removeprefix("obligation/")
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
        return f"obligation/{self}"

    @property
    def workflow_id(self) -> str:
        """The Temporal workflow id of this obligation."""
        return f"obligation/{self}"
