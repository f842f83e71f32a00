"""A per-server rate limit: at most `rate` messages a second, with a burst of one second's worth."""

from __future__ import annotations

import asyncio
import time


class RateLimiter:
    """Spaces out `acquire()` calls (GCRA: each caller reserves the next free slot, then waits for it)."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._tolerance = max(0.0, rate - 1.0) * self._interval
        self._tat = 0.0

    async def acquire(self) -> None:
        """Wait for this caller's slot (returns at once when the limit is off)."""
        if self.rate <= 0:
            return
        now = time.monotonic()
        tat = max(self._tat, now)
        wait = tat - self._tolerance - now
        # no await between reading and writing the slot: callers on one loop cannot interleave here
        self._tat = tat + self._interval
        if wait > 0:
            await asyncio.sleep(wait)


_LIMITERS: dict[tuple[str, int], RateLimiter] = {}


def limiter_for(host: str, port: int, rate: float) -> RateLimiter:
    """The one limiter of a server in this process (every sender to it shares the budget)."""
    key = (host, port)
    found = _LIMITERS.get(key)
    if found is None or found.rate != rate:
        found = _LIMITERS[key] = RateLimiter(rate)
    return found
