"""Signed checkpoints of the log: (size, Merkle root, time), signed by the log key.

The signed text is a transparency-log checkpoint body, one field per line:

    eci-early-intervention-log
    <size>
    <root, base64>
    time <YYYY-MM-DDTHH:MM:SS.ffffffZ>

A checkpoint handed to witnesses (auditors, by mail) is a promise: whatever the log holds later must
extend it, which a consistency proof shows without the log itself. Checkpoints made for a receipt are
kept too, so a receipt's proof can be made again.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Engine

from store.engine import UTC, Dialect, format_ts, read_cursor, write_transaction
from store.merkle_nodes import catch_up, tree_root

ORIGIN = "eci-early-intervention-log"
_COLUMNS = "size, root, signed_at, key_id, public_key, signature, witnessed"


class Signer(Protocol):
    """What signs a checkpoint (`store.log_key.LogKey`)."""

    @property
    def key_id(self) -> str: ...

    @property
    def public_b64(self) -> str: ...

    def sign(self, text: str) -> str: ...


def checkpoint_body(size: int, root_hex: str, time: str) -> str:
    """The text the log key signs."""
    root = base64.b64encode(bytes.fromhex(root_hex)).decode("ascii")
    return f"{ORIGIN}\n{size}\n{root}\ntime {time}\n"


@dataclass(frozen=True)
class Checkpoint:
    """One signed checkpoint."""

    size: int
    root: str
    time: str
    key_id: str
    public_key: str
    signature: str
    witnessed: bool = False

    def body(self) -> str:
        """The signed text."""
        return checkpoint_body(self.size, self.root, self.time)

    def public(self) -> dict[str, Any]:
        """The checkpoint as a JSON object, the form files, receipts and mails carry."""
        return {
            "origin": ORIGIN,
            "size": self.size,
            "root": self.root,
            "time": self.time,
            "key_id": self.key_id,
            "public_key": self.public_key,
            "signature": self.signature,
        }


def _of(row: Any) -> Checkpoint:
    return Checkpoint(
        int(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]), str(row[5]), bool(row[6])
    )


def _one(engine: Engine, dialect: Dialect, where: str, params: tuple[Any, ...]) -> Checkpoint | None:
    with read_cursor(engine, dialect) as cur:
        cur.execute(
            dialect.sql(f"SELECT {_COLUMNS} FROM checkpoints {where} ORDER BY id DESC LIMIT 1"), params
        )
        row = cur.fetchone()
    return _of(row) if row else None


def latest(engine: Engine, dialect: Dialect, *, witnessed: bool = False) -> Checkpoint | None:
    """The newest checkpoint (only those handed to witnesses, if asked)."""
    if witnessed:
        return _one(engine, dialect, "WHERE witnessed = ?", (True,))
    return _one(engine, dialect, "", ())


def witnessed_before(engine: Engine, dialect: Dialect, size: int) -> Checkpoint | None:
    """The newest checkpoint handed to witnesses whose tree is smaller than `size`."""
    return _one(engine, dialect, "WHERE witnessed = ? AND size < ?", (True, size))


def covering(engine: Engine, dialect: Dialect, position: int) -> Checkpoint | None:
    """The newest checkpoint whose tree holds the event at `position`."""
    return _one(engine, dialect, "WHERE size >= ?", (position,))


def every_checkpoint(engine: Engine, dialect: Dialect) -> list[Checkpoint]:
    """All checkpoints, oldest first."""
    with read_cursor(engine, dialect) as cur:
        cur.execute(f"SELECT {_COLUMNS} FROM checkpoints ORDER BY id")
        return [_of(row) for row in cur.fetchall()]


def sign_checkpoint(
    engine: Engine, dialect: Dialect, key: Signer, *, witnessed: bool, now: dt.datetime | None = None
) -> Checkpoint:
    """Sign and keep a checkpoint of the log as it is now."""
    catch_up(engine, dialect)
    with read_cursor(engine, dialect) as cur:
        cur.execute("SELECT max(position) FROM events")
        size = int(cur.fetchone()[0] or 0)
    root = tree_root(engine, dialect, size).hex()
    time = format_ts((now or dt.datetime.now(UTC)).astimezone(UTC))
    body = checkpoint_body(size, root, time)
    checkpoint = Checkpoint(size, root, time, key.key_id, key.public_b64, key.sign(body), witnessed)
    with write_transaction(engine, dialect) as cur:
        cur.execute(
            dialect.sql(f"INSERT INTO checkpoints ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            (size, root, time, checkpoint.key_id, checkpoint.public_key, checkpoint.signature, witnessed),
        )
    return checkpoint
