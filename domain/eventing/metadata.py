"""Who caused an event and within which workflow run: recorded beside every event's payload."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from domain.actors import Actor


class MailOrigin(BaseModel):
    """The emailed reply an action came from: its verified sender, Message-ID and the message's SHA-256."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sender: str = Field(max_length=254)
    message_id: str = Field(max_length=998)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class SignatureRecord(BaseModel):
    """A verified signature as the event keeps it: the exact text signed (`domain.obligation.signing`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    signed_at: dt.datetime
    payload: str = Field(max_length=20_000)
    value: str = Field(max_length=200)


# Absent on events recorded before people were named and actions signed: those keep their shape.
_OPTIONAL = ("mail", "login", "name", "signature")


class EventMetadata(BaseModel):
    """Actor, role, workflow id/run id and cause of one event; never personal data."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    actor: str
    role: str
    workflow_id: str | None = None
    run_id: str | None = None
    cause: str | None = None
    mail: MailOrigin | None = None
    login: str | None = None  # the authenticated person (an OS login), for human actions
    name: str | None = None  # that person's display name, as registered when they acted
    signature: SignatureRecord | None = None

    @model_serializer(mode="wrap")
    def _without_absent_fields(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Metadata of actions not made by mail keeps the shape every earlier event was recorded with.
        data: dict[str, Any] = handler(self)
        for name in _OPTIONAL:
            if data.get(name) is None:
                data.pop(name, None)
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
        login: str | None = None,
        name: str | None = None,
        signature: SignatureRecord | None = None,
    ) -> EventMetadata:
        """Metadata for an event caused by `actor`."""
        return cls(
            actor=str(actor),
            role=actor.role.value,
            workflow_id=workflow_id,
            run_id=run_id,
            cause=cause,
            mail=mail,
            login=login,
            name=name,
            signature=signature,
        )
