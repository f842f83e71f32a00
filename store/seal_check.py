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
from domain.eventing.seal import SEAL_SPAN, TRANSACTION_SEAL, locator, seal_link
from store.engine import Dialect
from store.verify import chain_columns, row_hash

_COVERING = (
    "SELECT position, seal FROM events WHERE position >= ? AND seal IS NOT NULL ORDER BY position LIMIT 1"
)


def transaction_seal(
    cur: Any, dialect: Dialect, position: int, known: dict[int, tuple[SealRecord, str, int] | None]
) -> tuple[SealRecord, str] | None:
    """The seal covering `position` and the digest it must sign, or None (`known`: seals already read,
    by the position they are stored at, with the first position each covers)."""
    cur.execute(dialect.sql(_COVERING), (position,))
    found = cur.fetchone()
    if found is None:
        return None
    at = int(found[0])
    if at not in known:
        known[at] = _read(cur, dialect, at, found[1])
    sealed = known[at]
    if sealed is None or position < sealed[2]:
        return None
    return sealed[0], sealed[1]


def _read(cur: Any, dialect: Dialect, at: int, raw: str) -> tuple[SealRecord, str, int] | None:
    try:
        body = json.loads(raw)
        first = body["first"]
        if body.get("seal") != TRANSACTION_SEAL or not isinstance(first, int) or not 0 < first <= at:
            return None
        if at - first + 1 > SEAL_SPAN:  # no writer seals more: a forged range must not make this read the log
            return None
        record = SealRecord(
            login=body["login"], key_id=body["key_id"], value=body["value"], public_key=body.get("public_key")
        )
        session, seq = str(body["session"]), int(body["seq"])
        prev, rows = str(body["prev"]), str(body["rows"])
    except (ValueError, KeyError, TypeError, AttributeError, ValidationError):
        return None
    select = f"SELECT {chain_columns(dialect)} FROM events WHERE position BETWEEN ? AND ? ORDER BY position"
    cur.execute(dialect.sql(select), (first, at))
    covered = cur.fetchall()
    if len(covered) != at - first + 1:
        return None
    prev_hash, hashes = str(covered[0][10]), []
    for row in covered:
        digest = row_hash(prev_hash, row)
        if digest is None or digest != row[11]:
            return None  # changed since it was sealed: the seal covers it no longer
        prev_hash = digest
        hashes.append(digest)
    if locator(hashes) != rows:
        return None
    text = seal_link(
        session=session, seq=seq, first=first, last=at, head=hashes[-1], rows=rows,
        login=record.login, key_id=record.key_id, prev=prev,
    )  # fmt: skip
    return record, text, first
