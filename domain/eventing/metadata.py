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


class SealRecord(BaseModel):
    """A writer's Ed25519 seal: over an append transaction's digest (`domain.eventing.seal.seal_link`,
    kept in the row's own `seal` column), or, in logs written before transaction seals, over the event
    itself (`domain.eventing.seal.seal_text`, kept here in `EventMetadata.seal`).

    Every event is sealed by the key of whoever wrote it: the worker's service user for the workflows'
    steps, the intake's for mail, a person's for what they change at the command line (an admin's for
    users and keys). `public_key` is carried only by the founding admin's first events, whose key the
    chain cannot know yet.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    login: str = Field(max_length=64)
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    value: str = Field(max_length=200)
    public_key: str | None = Field(default=None, max_length=64)


# Absent on events recorded before people were named, actions signed and events sealed: those keep
# their shape.
_OPTIONAL = ("mail", "login", "name", "signature", "seal")


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
    seal: SealRecord | None = None  # a seal of this event alone, in logs written before transaction seals

    @model_serializer(mode="wrap")
    def _without_absent_fields(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Metadata of actions not made by mail keeps the shape every earlier event was recorded with.
        data: dict[str, Any] = handler(self)
        for name in _OPTIONAL:
            if data.get(name) is None:
                data.pop(name, None)
        seal = data.get("seal")
        if seal is not None and seal.get("public_key") is None:
            seal.pop("public_key", None)
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
