"""Who acts: the coordinator reviews, a region submits its own obligations, an auditor only reads."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.errors import DomainError


class Role(StrEnum):
    """The closed set of roles recorded on every event."""

    COORDINATOR = "coordinator"
    REGION = "region"
    AUDITOR = "auditor"
    SYSTEM = "system"
    ADMIN = "admin"  # manages users; acts on no obligation


_REGION_ACTOR = re.compile(r"^region:(\d{2})$")


class Actor(BaseModel):
    """An acting party: `coordinator`, `region:77`, `auditor`, or `system` (timers, imports)."""

    model_config = ConfigDict(frozen=True)

    role: Role
    region: str | None = None

    @classmethod
    def parse(cls, text: str) -> Actor:
        """Read `coordinator`, `auditor`, `system` or `region:CODE`; anything else is an error."""
        text = text.strip()
        match = _REGION_ACTOR.match(text)
        if match:
            return cls(role=Role.REGION, region=match.group(1))
        if text in (Role.COORDINATOR, Role.AUDITOR, Role.SYSTEM, Role.ADMIN):
            return cls(role=Role(text))
        raise DomainError(f"unknown actor {text!r}: expected coordinator, auditor or region:CODE")

    def __str__(self) -> str:
        return f"region:{self.region}" if self.role is Role.REGION else self.role.value


SYSTEM = Actor(role=Role.SYSTEM)
ADMIN = Actor(role=Role.ADMIN)
COORDINATOR = Actor(role=Role.COORDINATOR)
