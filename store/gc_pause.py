"""Pause Python's cyclic garbage collector while an append runs.

An append allocates a few objects per event, none of them in reference cycles, so reference counting
frees them all. Yet every 700 allocations start a collection, and the older generations' collections
walk the whole heap — in a worker, its cache of workflows — over and over during one large append.
Pausing for the append's bounded duration removes that cost; the collector resumes when the last
concurrent append ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block (nesting and threads safe)."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
