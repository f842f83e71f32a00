"""Parse functions that misbehave on purpose, for the parser pool's tests: each reads an ordinary message
normally, and does its harm only when the message's subject asks for it."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from eci.intake.incoming import IncomingMail, parse_incoming
from eci.intake.limits import ParseLimits


class Unpicklable(Exception):
    """An exception that cannot cross a process boundary (its constructor wants two arguments)."""

    def __init__(self, a: str, b: str) -> None:
        super().__init__(a)
        self.b = b


def misbehave(raw: bytes, envelope: Sequence[str], limits: ParseLimits) -> IncomingMail:
    """Crash, hang, raise something unpicklable or eat memory, as the subject says."""
    if b"Subject: crash" in raw:
        os._exit(7)
    if b"Subject: hang" in raw:
        time.sleep(3600)
    if b"Subject: unpicklable" in raw:
        raise Unpicklable("a", "b")
    if b"Subject: hog" in raw:
        hoard = [bytearray(10_000_000) for _ in range(1000)]
        del hoard
    return parse_incoming(raw, envelope, limits)
