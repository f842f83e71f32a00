"""The intake's reply-token keys: from `ECI_INTAKE_SECRET`, or a key file the embedded stack creates.

`ECI_INTAKE_SECRET` lists `id:hex` secrets newest first (`k2:…,k1:…`): the first makes the tokens of new
mail, every listed one still verifies replies, so a key is rotated by putting a new one in front and
removed once the mail it signed is no longer answered. Without the setting, the data dir's key file
(mode 0600, created on first use) holds one such line.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from domain.intake.token import IntakeKey


class IntakeKeyError(ValueError):
    """Intake keys that cannot be used; the message names what is wrong in one line."""


@dataclass(frozen=True)
class IntakeKeys:
    """The signing key and every key accepted, by id."""

    current: IntakeKey
    accepted: dict[str, IntakeKey]


def parse_keys(text: str, source: str) -> IntakeKeys:
    """`id:hex[,id:hex…]`, newest first."""
    keys: list[IntakeKey] = []
    for part in (p.strip() for p in text.replace("\n", ",").split(",")):
        if not part:
            continue
        key_id, sep, secret = part.partition(":")
        if not sep:
            raise IntakeKeyError(f"{source}: expected id:hex secrets separated by commas")
        try:
            keys.append(IntakeKey(key_id.strip(), bytes.fromhex(secret.strip())))
        except ValueError as exc:
            raise IntakeKeyError(f"{source}: key {key_id.strip()!r}: {exc}") from None
    if not keys:
        raise IntakeKeyError(f"{source}: no key")
    if len({k.key_id for k in keys}) != len(keys):
        raise IntakeKeyError(f"{source}: a key id is given twice")
    return IntakeKeys(current=keys[0], accepted={k.key_id: k for k in keys})


def _key_file(path: Path) -> str:
    """The key file's text, creating it (one fresh key) if absent; racing creators agree.

    Never readable by others; 0600 under `eci`'s umask, 0660 in a data dir shared with a group (whose
    members' workers make reply tokens with it too).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o660)
    except FileExistsError:
        return path.read_text(encoding="ascii")
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(f"k1:{secrets.token_hex(32)}\n")
    return path.read_text(encoding="ascii")


def load_intake_keys(secret: str | None, key_file: Path) -> IntakeKeys:
    """The configured keys, or the key file's (created if need be)."""
    if secret:
        return parse_keys(secret, "ECI_INTAKE_SECRET")
    return parse_keys(_key_file(key_file), str(key_file))
