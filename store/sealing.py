"""The writer's seal, applied as the store appends: each new event is signed by the key of the process
that writes it (`domain.eventing.seal` says what is covered), so nothing enters the log unsigned.

Sealing happens before the append's transaction (it needs nothing the transaction assigns), so the
signature's cost never lengthens the time the append lock is held. The store only calls the sealer;
the key lives with the writer (`eci.identity.sealing`), never here.
"""

from __future__ import annotations

from typing import Protocol

from domain.eventing.metadata import SealRecord
from domain.eventing.registry import encode_event
from domain.eventing.seal import seal_text
from store.chain import canonical_json
from store.engine import format_ts
from store.records import NewEvent


class Sealer(Protocol):
    """Signs a sealed text with the writer's key."""

    def seal(self, text: str) -> SealRecord:
        """The seal of `text`: the writer's login, key id and Ed25519 signature."""
        ...


def sealed(sealer: Sealer, stream: str, new: NewEvent) -> NewEvent:
    """The event with the writer's seal over its row's own fields, as the store will write them."""
    if new.metadata.seal is not None:
        return new
    event = new.event
    plain = new.metadata.model_dump(mode="json")
    payload_json = canonical_json(encode_event(event))
    text = seal_text(
        event_id=str(new.event_id),
        metadata_json=canonical_json(plain),
        occurred_at=format_ts(new.occurred_at),
        payload_json=payload_json,
        schema_version=event.schema_version,
        stream=stream,
        type_=event.type,
    )
    seal = sealer.seal(text)
    metadata_json = canonical_json({**plain, "seal": seal.model_dump(exclude_none=True)})
    metadata = new.metadata.model_copy(update={"seal": seal})
    return NewEvent(event, new.event_id, metadata, new.occurred_at, (payload_json, metadata_json))
