"""Shared by the report and audit commands: open the store read-only and write outputs whole or not at all."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from config.settings import load_settings
from eci.errors import EciError
from store.event_store import EventStore


@contextmanager
def open_event_store() -> Iterator[EventStore]:
    """The configured event store, closed afterwards."""
    store = EventStore.open(load_settings().effective_database_url, migrate=False)
    try:
        yield store
    finally:
        store.close()


def write_output(data: bytes, out: Path | None, *, binary: bool) -> None:
    """Write to `out` atomically (a temporary file renamed into place), or text to stdout."""
    if out is None:
        if binary:
            raise EciError("это двоичный формат: укажите файл в --out", code="binary_needs_out")
        sys.stdout.write(data.decode())
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, out)
    sys.stderr.write(f"{out}\n")
