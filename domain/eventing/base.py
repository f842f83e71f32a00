"""The base of every recorded event: a frozen payload whose `type` and `schema_version` name its schema.

The store adds position, stream, version, times and the chain; the event carries only the fact.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class DomainEvent(BaseModel):
    """Base of every event; `type` and `schema_version` identify its payload schema."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: ClassVar[str]
    schema_version: ClassVar[int] = 1

    obligation_id: str
