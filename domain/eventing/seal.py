"""What a writer's seal covers.

Every event is sealed by the key of whoever wrote it. Since version 2 (below) one seal covers an append
transaction through the chain's row hash. Logs written before it seal each event alone
(`EventMetadata.seal`, version 1), and verifiers still check those: the sealed text is the
canonical JSON (sorted keys, no spaces, UTF-8) of the row's own fields — event id, metadata without the
seal, business time, payload, schema version, stream and type — plus `"seal": 1`. Position, stream
version, recording time and the hashes are the store's (the chain covers them). A verifier rebuilds the
text from the stored row with nothing but a JSON library, so any field changed after sealing, or an
event moved to another stream, no longer matches the seal.
"""

from __future__ import annotations

import hashlib
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


# --- Transaction seals (version 2) --------------------------------------------------------------------
#
# One Ed25519 signature per append transaction (per `SEAL_SPAN` rows of a large one), over a digest that
# commits to the chain's own row hash: the chain already binds every field of every row before it, so
# the seal needs nothing rebuilt from the row. The digest is also chained per writer session (`prev`),
# so a verifier checks one signature for a whole session and every seal in it is bound by that one.
# The seal lives in its own column beside the last row it covers, outside the hashed row.

TRANSACTION_SEAL = 2
SEAL_SPAN = 1000  # rows one seal covers at most (a larger append carries several)
LOCATOR_DIGITS = 8  # per covered row, the first digits of its hash: where a later change is, not whether
FIRST_LINK = "0" * 64


def seal_link(
    *,
    session: str,
    seq: int,
    first: int,
    last: int,
    head: str,
    rows: str,
    login: str,
    key_id: str,
    prev: str,
) -> str:
    """The digest a transaction seal signs: SHA-256 hex of the canonical JSON of what it covers.

    `head` is the chain hash of row `last`, `rows` the covered rows' hash prefixes in order, `prev` the
    digest of the session's seal before it (`FIRST_LINK` for its first).
    """
    text = (
        f'{{"first":{int(first)},"head":{encode_basestring(head)},"key_id":{encode_basestring(key_id)}'
        f',"last":{int(last)},"login":{encode_basestring(login)},"prev":{encode_basestring(prev)}'
        f',"rows":{encode_basestring(rows)},"seal":{TRANSACTION_SEAL},"seq":{int(seq)}'
        f',"session":{encode_basestring(session)}}}'
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def locator(hashes: list[str]) -> str:
    """The covered rows' hash prefixes, concatenated."""
    return "".join(h[:LOCATOR_DIGITS] for h in hashes)
