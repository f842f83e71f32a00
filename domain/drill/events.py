"""A drill's start and end, recorded on the stream `drill/<cycle>`.

The drill plays real obligation workflows of a plan cycle (2030, far from the live ones) with deadlines
minutes away. These events say which obligations were a drill's and whether it still runs, so the
coordinator's terminal marks the cycle as a drill while it runs and leaves it out of the cycle list once
it has ended (a drill whose process died without saying so ends at `ends_at`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import ClassVar

from pydantic import Field

from domain.eventing.base import DomainEvent

DRILL_PREFIX = "drill/"
MAX_OBLIGATIONS = 10_000


def drill_stream(cycle: int) -> str:
    """The stream of the drills of one cycle."""
    return f"{DRILL_PREFIX}{cycle}"


class DrillStarted(DomainEvent):
    """A drill began: its obligations and the instant by which it is over."""

    type: ClassVar[str] = "DrillStarted"

    cycle: int
    obligations: tuple[str, ...] = Field(max_length=MAX_OBLIGATIONS)
    ends_at: dt.datetime


class DrillEnded(DomainEvent):
    """A drill ended; its workflows were stopped."""

    type: ClassVar[str] = "DrillEnded"

    cycle: int


def drill_cycles(
    events: Iterable[DomainEvent], now: dt.datetime
) -> dict[int, tuple[bool, frozenset[str]]]:
    """Each drilled cycle: whether its latest drill still runs, and that drill's obligations."""
    found: dict[int, tuple[bool, frozenset[str]]] = {}
    ends: dict[int, dt.datetime] = {}
    for event in events:
        if isinstance(event, DrillStarted):
            found[event.cycle] = (True, frozenset(event.obligations))
            ends[event.cycle] = event.ends_at
        elif isinstance(event, DrillEnded) and event.cycle in found:
            found[event.cycle] = (False, found[event.cycle][1])
    return {
        cycle: (running and now < ends[cycle], obligations) for cycle, (running, obligations) in found.items()
    }
