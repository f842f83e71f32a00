"""The writer's seal, applied as the store appends: each new event is signed by the key of the process
that writes it (`domain.eventing.seal` says what is covered), so nothing enters the log unsigned.

The store only calls the sealer; the key lives with the writer (`eci.identity.sealing`), never here.
"""

from __future__ import annotations

from typing import Any, Protocol

from domain.eventing.metadata import EventMetadata, SealRecord
from domain.eventing.seal import seal_text
from store.chain import canonical_json


class Sealer(Protocol):
    """Signs a sealed text with the writer's key."""

    def seal(self, text: str) -> SealRecord:
        """The seal of `text`: the writer's login, key id and Ed25519 signature."""
        ...


def sealed_metadata(
    sealer: Sealer,
    metadata: EventMetadata,
    plain: dict[str, Any],
    plain_json: str,
    *,
    event_id: str,
    occurred_at: str,
    payload_json: str,
    schema_version: int,
    stream: str,
    type_: str,
) -> tuple[EventMetadata, str]:
    """The metadata with its seal, as an object and as the canonical JSON the row stores."""
    text = seal_text(
        event_id=event_id, metadata_json=plain_json, occurred_at=occurred_at, payload_json=payload_json,
        schema_version=schema_version, stream=stream, type_=type_,
    )  # fmt: skip
    seal = sealer.seal(text)
    with_seal = {**plain, "seal": seal.model_dump(exclude_none=True)}
    return metadata.model_copy(update={"seal": seal}), canonical_json(with_seal)
