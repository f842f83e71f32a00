"""Who caused an event and within which workflow run: recorded beside every event's payload."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from domain.actors import Actor


class MailOrigin(BaseModel):
    """The emailed reply an action came from: its verified sender, Message-ID and the message's SHA-256."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sender: str = Field(max_length=254)
    message_id: str = Field(max_length=998)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class EventMetadata(BaseModel):
    """Actor, role, workflow id/run id and cause of one event; never personal data."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    actor: str
    role: str
    workflow_id: str | None = None
    run_id: str | None = None
    cause: str | None = None
    mail: MailOrigin | None = None

    @model_serializer(mode="wrap")
    def _without_absent_mail(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Metadata of actions not made by mail keeps the shape every earlier event was recorded with.
        data: dict[str, Any] = handler(self)
        if data.get("mail") is None:
            data.pop("mail", None)
        return data

    @classmethod
    def for_actor(
        cls,
        actor: Actor,
        *,
        workflow_id: str | None = None,
        run_id: str | None = None,
        cause: str | None = None,
        mail: MailOrigin | None = None,
    ) -> EventMetadata:
        """Metadata for an event caused by `actor`."""
        return cls(
            actor=str(actor),
            role=actor.role.value,
            workflow_id=workflow_id,
            run_id=run_id,
            cause=cause,
            mail=mail,
        )
