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
        raise DomainError(
            f"неизвестная роль «{text}»: ожидается «coordinator», «auditor» или «region:КОД»", "unknown_actor"
        )

    def __str__(self) -> str:
        return f"region:{self.region}" if self.role is Role.REGION else self.role.value

    @property
    def label_ru(self) -> str:
        """How a message names the actor: «регион 77», «координатор», «аудитор»."""
        if self.role is Role.REGION:
            return f"регион {self.region}"
        return ROLE_LABELS_RU[self.role]


ROLE_LABELS_RU: dict[Role, str] = {
    Role.COORDINATOR: "координатор",
    Role.REGION: "регион",
    Role.AUDITOR: "аудитор",
    Role.SYSTEM: "система",
    Role.ADMIN: "администратор",
}


SYSTEM = Actor(role=Role.SYSTEM)
ADMIN = Actor(role=Role.ADMIN)
COORDINATOR = Actor(role=Role.COORDINATOR)
