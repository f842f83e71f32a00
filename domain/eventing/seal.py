"""What a writer's seal covers: the event as stored, apart from what only the store assigns.

Every event is sealed (`EventMetadata.seal`) by the key of whoever wrote it. The sealed text is the
canonical JSON (sorted keys, no spaces, UTF-8) of the row's own fields — event id, metadata without the
seal, business time, payload, schema version, stream and type — plus `"seal": 1`. Position, stream
version, recording time and the hashes are the store's (the chain covers them). A verifier rebuilds the
text from the stored row with nothing but a JSON library, so any field changed after sealing, or an
event moved to another stream, no longer matches the seal.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

SEAL_VERSION = 1


def seal_text(
    *,
    event_id: str,
    metadata_json: str,
    occurred_at: str,
    payload_json: str,
    schema_version: int,
    stream: str,
    type_: str,
) -> str:
    """The sealed text from the row's canonical parts (metadata without its seal, timestamps as stored).

    Equal to `json.dumps` of the same fields with `sort_keys=True, separators=(",", ":"),
    ensure_ascii=False`, built by concatenation as the store builds the chain's rows.
    """
    return (
        f'{{"event_id":{encode_basestring(event_id)},"metadata":{metadata_json}'
        f',"occurred_at":{encode_basestring(occurred_at)},"payload":{payload_json}'
        f',"schema_version":{int(schema_version)},"seal":{SEAL_VERSION}'
        f',"stream":{encode_basestring(stream)},"type":{encode_basestring(type_)}}}'
    )


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no whitespace, UTF-8 text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def seal_text_of_row(row: dict[str, Any]) -> str:
    """The sealed text of a stored row given as parsed JSON (an export line, or a row read back)."""
    metadata = {name: value for name, value in row["metadata"].items() if name != "seal"}
    return seal_text(
        event_id=str(row["event_id"]),
        metadata_json=canonical(metadata),
        occurred_at=str(row["occurred_at"]),
        payload_json=canonical(row["payload"]),
        schema_version=int(row["schema_version"]),
        stream=str(row["stream"]),
        type_=str(row["type"]),
    )
