"""Who caused an event and within which workflow run: recorded beside every event's payload."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from domain.actors import Actor


class EventMetadata(BaseModel):
    """Actor, role, workflow id/run id and cause of one event; never personal data."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    actor: str
    role: str
    workflow_id: str | None = None
    run_id: str | None = None
    cause: str | None = None

    @classmethod
    def for_actor(
        cls,
        actor: Actor,
        *,
        workflow_id: str | None = None,
        run_id: str | None = None,
        cause: str | None = None,
    ) -> EventMetadata:
        """Metadata for an event caused by `actor`."""
        return cls(
            actor=str(actor), role=actor.role.value, workflow_id=workflow_id, run_id=run_id, cause=cause
        )
