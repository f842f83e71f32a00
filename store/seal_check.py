"""The transaction seal that covers one stored row, checked as far as the store alone can: the rows it
covers still hash to the chain, so the digest it signed can be rebuilt (`domain.eventing.seal`).

The signature itself is verified by whoever trusts the key (`domain.identity.authority` for changes to
users); a row no seal covers, or whose covered rows no longer hash as stored, gets no seal at all.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from domain.eventing.metadata import SealRecord
from domain.eventing.seal import TRANSACTION_SEAL, locator, seal_link
from store.chain import canonical_row, chain_hash
from store.engine import Dialect

_COVERING = (
    "SELECT position, seal FROM events WHERE position >= ? AND seal IS NOT NULL ORDER BY position LIMIT 1"
)


def transaction_seal(
    cur: Any, dialect: Dialect, position: int, known: dict[int, tuple[SealRecord, str] | None]
) -> tuple[SealRecord, str] | None:
    """The seal covering `position` and the digest it must sign, or None (`known`: seals already read,
    by the position they are stored at)."""
    cur.execute(dialect.sql(_COVERING), (position,))
    found = cur.fetchone()
    if found is None:
        return None
    at = int(found[0])
    if at not in known:
        known[at] = _read(cur, dialect, at, found[1])
    sealed = known[at]
    if sealed is None or position < int(json.loads(found[1])["first"]):
        return None
    return sealed


def _read(cur: Any, dialect: Dialect, at: int, raw: str) -> tuple[SealRecord, str] | None:
    try:
        body = json.loads(raw)
        first = body["first"]
        if body.get("seal") != TRANSACTION_SEAL or not isinstance(first, int) or not 0 < first <= at:
            return None
        record = SealRecord(
            login=body["login"], key_id=body["key_id"], value=body["value"], public_key=body.get("public_key")
        )
        session, seq, prev, rows = (
            str(body["session"]),
            int(body["seq"]),
            str(body["prev"]),
            str(body["rows"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError, ValidationError):
        return None
    cur.execute(
        dialect.sql(
            "SELECT event_id, metadata, occurred_at, payload, position, recorded_at, schema_version, stream, "
            "type, version, prev_hash, hash FROM ("
            f"SELECT event_id, {dialect.json_text('metadata')} AS metadata, "
            f"{dialect.ts_text('occurred_at')} AS occurred_at, {dialect.json_text('payload')} AS payload, "
            f"position, {dialect.ts_text('recorded_at')} AS recorded_at, schema_version, stream, type, "
            "version, prev_hash, hash FROM events WHERE position >= ? AND position <= ?) covered "
            "ORDER BY position"
        ),
        (first, at),
    )
    covered = cur.fetchall()
    if len(covered) != at - first + 1:
        return None
    prev_hash, hashes = str(covered[0][10]), []
    for row in covered:
        digest = chain_hash(prev_hash, canonical_row(*row[:10]))
        if digest != row[11]:
            return None  # changed since it was sealed: the seal covers it no longer
        prev_hash = digest
        hashes.append(digest)
    if locator(hashes) != rows:
        return None
    text = seal_link(
        session=session, seq=seq, first=first, last=at, head=hashes[-1], rows=rows,
        login=record.login, key_id=record.key_id, prev=prev,
    )  # fmt: skip
    return record, text
