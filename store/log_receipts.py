"""Receipts of the log: events as stored, a signed checkpoint whose tree holds them, and the proofs.

A region checks one with `verify_receipt.py` and nothing else: the events' hashes are recomputed from
their fields, each inclusion proof leads from the event's leaf to the checkpoint's root, and the root is
signed by the log key. A later checkpoint with a consistency proof from this one (`eci audit
checkpoint --since`) shows the events are still there.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from store.checkpoints import Checkpoint, Signer, covering, sign_checkpoint
from store.engine import Dialect, read_cursor
from store.errors import StoreError
from store.merkle_nodes import consistency, inclusions

RECEIPT_FORMAT = "eci-receipt/1"
CHECKPOINT_FORMAT = "eci-checkpoint/1"
VERIFIER_NAME = "verify_receipt.py"


def raw_rows(engine: Engine, dialect: Dialect, positions: Sequence[int]) -> list[dict[str, Any]]:
    """The rows at these positions exactly as chained, as JSON objects (the export bundle's line form)."""
    marks = ", ".join("?" * len(positions))
    with read_cursor(engine, dialect) as cur:
        cur.execute(
            dialect.sql(
                "SELECT position, event_id, stream, version, type, schema_version, "
                f"{dialect.json_text('payload')}, {dialect.json_text('metadata')}, "
                f"{dialect.ts_text('occurred_at')}, {dialect.ts_text('recorded_at')}, prev_hash, hash "
                f"FROM events WHERE position IN ({marks}) ORDER BY position"
            ),
            tuple(positions),
        )
        rows = cur.fetchall()
    names = ("position", "event_id", "stream", "version", "type", "schema_version",
             "payload", "metadata", "occurred_at", "recorded_at", "prev_hash", "hash")  # fmt: skip
    found = []
    for row in rows:
        value = dict(zip(names, row, strict=True))
        value["payload"], value["metadata"] = json.loads(row[6]), json.loads(row[7])
        value["occurred_at"], value["recorded_at"] = str(row[8]), str(row[9])
        found.append(value)
    return found


def receipt(engine: Engine, dialect: Dialect, key: Signer, positions: Sequence[int]) -> dict[str, Any]:
    """The receipt of the events at `positions`, under the newest checkpoint that holds them all (one is
    signed now if none does)."""
    wanted = sorted(set(positions))
    if not wanted:
        raise StoreError("для квитанции нужно хотя бы одно событие", "no_events")
    checkpoint = covering(engine, dialect, wanted[-1]) or sign_checkpoint(
        engine, dialect, key, witnessed=False
    )
    rows = raw_rows(engine, dialect, wanted)
    if len(rows) != len(wanted):
        raise StoreError(f"в журнале нет событий в некоторых из позиций {wanted}", "no_such_position")
    proofs = inclusions(engine, dialect, [p - 1 for p in wanted], checkpoint.size)
    return {
        "format": RECEIPT_FORMAT,
        "checkpoint": checkpoint.public(),
        "entries": [
            {"event": row, "leaf_index": row["position"] - 1, "inclusion": [h.hex() for h in proof]}
            for row, proof in zip(rows, proofs, strict=True)
        ],
    }


def extension(
    engine: Engine, dialect: Dialect, since: Checkpoint | tuple[int, str], later: Checkpoint
) -> dict[str, Any]:
    """A later checkpoint with the proof that its log extends the earlier one's (size, root)."""
    size, root = (since.size, since.root) if isinstance(since, Checkpoint) else since
    if size > later.size:
        raise StoreError(f"контрольная точка {size} новее контрольной точки {later.size}", "checkpoint_ahead")
    proof = consistency(engine, dialect, size, later.size)
    return {
        "format": CHECKPOINT_FORMAT,
        "checkpoint": later.public(),
        "consistency": {"from_size": size, "from_root": root, "proof": [h.hex() for h in proof]},
    }


def receipt_bytes(document: dict[str, Any]) -> bytes:
    """A receipt or checkpoint file as written: indented UTF-8 JSON."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
