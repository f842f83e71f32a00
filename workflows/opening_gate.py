"""The obligation workflow's lock, closed to updates until the workflow has recorded its opening.

An update delivered with the workflow's first task (a coordinator who waives at once, a time-skipping
test) would otherwise race the run for the lock and could record `ObligationWaived` before
`ObligationOpened`, leaving a stream whose first event is not its opening.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from temporalio import workflow

OPENING_GATE_PATCH = "updates-wait-for-opening"


class OpeningGate(asyncio.Lock):
    """An `asyncio.Lock` that only the opening may take until `opened()`; then an ordinary lock."""

    def __init__(self, *, gated: bool) -> None:
        super().__init__()
        # Histories recorded before the gate existed let updates race the opening: replaying them
        # must keep doing so, hence ungated there (see OPENING_GATE_PATCH).
        self._open = not gated

    async def acquire(self) -> bool:
        if not self._open:
            await workflow.wait_condition(lambda: self._open)
        return await super().acquire()

    @asynccontextmanager
    async def opening(self) -> AsyncIterator[None]:
        """Hold the lock for the opening steps, then let updates in."""
        await super().acquire()
        try:
            yield
        finally:
            self._open = True
            self.release()

    async def __aenter__(self) -> Any:
        await self.acquire()
        return None
