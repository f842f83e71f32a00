"""The hash chain: `hash = SHA-256(prev_hash ‖ canonical JSON of the row's fields)`.

Canonical JSON is `json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`
encoded as UTF-8, over the fields event_id, metadata, occurred_at, payload, position, recorded_at,
schema_version, stream, type, version; timestamps as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC). An auditor can
recompute it from the `events` table with any JSON library.
"""

from __future__ import annotations

import hashlib
import json
from json.encoder import encode_basestring
from typing import Any

GENESIS = "0" * 64

_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
# The C encoder `JSONEncoder.encode` builds on every call, built once with the same settings: a third of
# the cost of encoding a small payload. It skips the circular-reference check (payloads are trees of
# JSON values, so a cycle cannot occur); everything it writes is byte-for-byte what `encode` writes.
_C_MAKE_ENCODER: Any = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODE: Any = (
    _C_MAKE_ENCODER(None, _ENCODER.default, encode_basestring, None, ":", ",", True, False, True)
    if _C_MAKE_ENCODER is not None
    else None
)


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, UTF-8 unescaped."""
    if _C_ENCODE is None or isinstance(value, str):
        return _ENCODER.encode(value)
    return "".join(_C_ENCODE(value, 0))


def canonical_row(
    event_id: str,
    metadata_json: str,
    occurred_at: str,
    payload_json: str,
    position: Any,
    recorded_at: str,
    schema_version: Any,
    stream: str,
    type_: str,
    version: Any,
) -> str:
    """The canonical JSON of a row, given its payload and metadata already in canonical form.

    Equal to `canonical_json` of the whole row (keys in sorted order), built by concatenation so
    neither writing nor verifying has to parse the JSON columns again.
    """
    # encode_basestring is what the encoder applies to strings (ensure_ascii=False); it refuses non-strings.
    return (
        f'{{"event_id":{encode_basestring(event_id)},"metadata":{metadata_json}'
        f',"occurred_at":{encode_basestring(occurred_at)},"payload":{payload_json},"position":{position}'
        f',"recorded_at":{encode_basestring(recorded_at)},"schema_version":{schema_version}'
        f',"stream":{encode_basestring(stream)},"type":{encode_basestring(type_)},"version":{version}}}'
    )


def chain_hash(prev_hash: str, canonical: str) -> str:
    """SHA-256 hex of the previous hash followed by the row's canonical JSON."""
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()
