"""Waiting for the demo's workflows: they record through activities, after the call that started them."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable

from eci.errors import EciError
from store.event_store import EventStore

# A busy 2-core machine opens a few dozen workflows a second; allow generously for each one.
SETTLE_BASE_SECONDS = 60.0
SETTLE_PER_WORKFLOW_SECONDS = 0.5


def projected_states(store: EventStore) -> dict[str, str]:
    """Each obligation's state as the status projection holds it (cheap: no fold over the log)."""
    from sqlalchemy import select

    from store.schema import ObligationStatusRow as Row

    with store.engine.connect() as conn:
        return {oid: state for oid, state in conn.execute(select(Row.obligation_id, Row.state))}


def state_counts(store: EventStore) -> dict[str, int]:
    """How many obligations are in each state."""
    counts = Counter(projected_states(store).values())
    return dict(sorted(counts.items()))


async def settle(
    store: EventStore,
    expected: dict[str, str],
    within: float,
    on_count: Callable[[int], None] = lambda n: None,
) -> None:
    """Wait until every obligation is in the expected state; `on_count` hears how many are."""
    deadline = time.monotonic() + within
    while True:
        states = await asyncio.to_thread(projected_states, store)
        behind = [k for k, v in expected.items() if states.get(k) != v]
        on_count(len(expected) - len(behind))
        if not behind:
            return
        if time.monotonic() > deadline:
            got = states.get(behind[0], "«ничего не записано»")
            raise EciError(
                f"демонстрация не пришла к ожидаемому: отстают обязательства ({len(behind)}), "
                f"например {behind[0]} в состоянии {got}, ожидалось {expected[behind[0]]}",
                code="demo_unsettled",
            )
        await asyncio.sleep(1.0)
