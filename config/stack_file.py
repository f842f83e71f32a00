"""What a data dir's embedded stack (`eci up`) started, kept in `stack.json` under the data dir.

`eci up` may find its preferred ports taken by another program and pick free ones; every other command
run on the same data dir must then reach the ports actually chosen. So the record is read when the
settings are loaded: while the stack that wrote it runs, its addresses replace the defaults (never a
variable the user set). The random instance id marks the processes and servers that belong to this data
dir, so a second `eci up` never takes another data dir's server for its own.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

STACK_FILE = "stack.json"
MAX_BYTES = 4096  # the record is a few hundred bytes; anything bigger is not ours


@dataclass(frozen=True)
class StackRecord:
    """The data dir's instance id and what its running stack started (None: nothing of that kind runs)."""

    instance: str
    owner_pid: int | None = None  # the `eci up` (or `eci server`) process that stops the parts on exit
    temporal_address: str | None = None
    temporal_pid: int | None = None
    worker_pid: int | None = None
    smtp_port: int | None = None
    intake_port: int | None = None

    def with_(self, **changes: Any) -> StackRecord:
        """A copy with some fields changed."""
        return replace(self, **changes)


def new_instance() -> str:
    """A fresh random instance id."""
    return secrets.token_hex(8)


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31 else None


def read_record(data_dir: Path) -> StackRecord | None:
    """The data dir's record, or None when there is none (or it is not one of ours)."""
    path = data_dir / STACK_FILE
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(raw) > MAX_BYTES:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("instance"), str):
        return None
    address = data.get("temporal_address")
    values: dict[str, Any] = {
        "instance": data["instance"][:64],
        "temporal_address": address if isinstance(address, str) and len(address) < 300 else None,
    }
    for item in fields(StackRecord):
        if item.name.endswith(("_pid", "_port")):
            values[item.name] = _int_or_none(data.get(item.name))
    return StackRecord(**values)


def write_record(data_dir: Path, record: StackRecord) -> None:
    """Replace the record atomically (a reader never sees half a file)."""
    path = data_dir / STACK_FILE
    temporary = path.with_name(f".{STACK_FILE}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(asdict(record), indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)


def pid_alive(pid: int | None) -> bool:
    """Whether a process with this id exists (it may belong to another user)."""
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_addresses(data_dir: Path) -> dict[str, Any]:
    """The settings a running stack of this data dir chose: empty when no stack runs here."""
    record = read_record(data_dir)
    if record is None or not pid_alive(record.owner_pid):
        return {}
    found: dict[str, Any] = {}
    if record.temporal_address:
        found["temporal_address"] = record.temporal_address
    if record.smtp_port:
        found["smtp_port"] = record.smtp_port
    if record.intake_port:
        found["intake_port"] = record.intake_port
    return found
