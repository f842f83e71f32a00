"""Checkpoints for the log's witnesses: signed at least hourly, mailed to the auditors' addresses.

Each mail carries the new checkpoint and the consistency proof from the one mailed before it, so a
witness who keeps only the last checkpoint checks, with `verify_receipt.py OLD.json --later NEW.json`,
that the log was only ever extended. The Message-ID derives from the checkpoint, so the outbox sends each
at most once however often the job runs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notifications.message import Attachment, parse_address
from notifications.render import render
from notifications.service import Notifier
from store.checkpoints import Checkpoint, latest, sign_checkpoint, witnessed_before
from store.event_store import EventStore
from store.log_key import load_log_key
from store.log_receipts import VERIFIER_NAME, extension, receipt_bytes
from store.merkle import EMPTY_ROOT

WITNESS_STREAM = "log/checkpoints"


@dataclass(frozen=True)
class WitnessCheckpoint:
    """A checkpoint for the witnesses, with the consistency proof from the previous one."""

    checkpoint: Checkpoint
    document: dict[str, Any]

    @property
    def filename(self) -> str:
        """The attachment's name: `checkpoint-<size>.json`."""
        return f"checkpoint-{self.checkpoint.size}.json"

    @property
    def previous_size(self) -> int:
        """The size of the checkpoint the proof starts from (0 for the first)."""
        return int(self.document["consistency"]["from_size"])


def witness_checkpoint(store: EventStore, key_file: Path, *, fresh: bool) -> WitnessCheckpoint | None:
    """Sign a checkpoint for the witnesses (`fresh`: always; else only if the log grew since the last
    one), or take the last one again; None for an empty log with nothing signed yet."""
    engine, dialect = store.engine, store.dialect
    last = latest(engine, dialect, witnessed=True)
    head = store.head()
    if fresh or (head is not None and (last is None or last.size < head[0])):
        last = sign_checkpoint(engine, dialect, load_log_key(key_file), witnessed=True)
    if last is None:
        return None
    before = witnessed_before(engine, dialect, last.size)
    since = before if before is not None else (0, EMPTY_ROOT.hex())
    return WitnessCheckpoint(last, extension(engine, dialect, since, last))


async def mail_witnesses(
    notifier: Notifier, point: WitnessCheckpoint, witnesses: Sequence[str]
) -> str | None:
    """Send the checkpoint to the witnesses (once per checkpoint); its Message-ID, None without witnesses."""
    if not witnesses:
        return None
    checkpoint = point.checkpoint
    step = f"checkpoint-{checkpoint.size}-{checkpoint.time}"
    message_id = notifier.message_id(WITNESS_STREAM, step)
    entry = await asyncio.to_thread(notifier.outbox.get, message_id)
    if entry is None:
        rendered = render("checkpoint", c=point, verifier=VERIFIER_NAME)
        entry = notifier.message_entry(
            obligation_id=WITNESS_STREAM,
            step=step,
            kind="checkpoint",
            message_id=message_id,
            to=[parse_address(address) for address in witnesses],
            rendered=rendered,
            now=dt.datetime.now(dt.UTC),
            attachments=(Attachment(point.filename, "application/json", receipt_bytes(point.document)),),
        )
        entry = await asyncio.to_thread(notifier.outbox.record, entry)
    await notifier.dispatcher.deliver(entry)
    return message_id
