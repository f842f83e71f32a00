"""A drill's cycle, marked as one: its obligations are rehearsal, not the plan's, and it ends.

`eci demo --drill` records `DrillStarted` on the stream `drill/CYCLE` with the obligations it opens, and
`DrillEnded` when it is over. Views list a running drill's cycle marked «учения» and drop a finished
drill's cycle (unless the plan's own obligations share it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from domain.eventing.base import DomainEvent

DRILL_PREFIX = "drill/"
DRILL_LABEL_RU = "учения"


def drill_stream(cycle: int) -> str:
    """The stream of a drill held in `cycle`."""
    return f"{DRILL_PREFIX}{cycle}"


class DrillStarted(DomainEvent):
    """A drill opened these obligations in its cycle; `obligation_id` holds the drill's stream."""

    type: ClassVar[str] = "DrillStarted"

    cycle: int
    obligations: tuple[str, ...]


class DrillEnded(DomainEvent):
    """The drill is over: its obligations no longer stand for anything."""

    type: ClassVar[str] = "DrillEnded"

    cycle: int


@dataclass(frozen=True)
class Drill:
    """What is known of a cycle's drills: their obligations, and whether the last one still runs."""

    cycle: int
    obligations: frozenset[str]
    running: bool


def drills(events: Iterable[DomainEvent]) -> dict[int, Drill]:
    """Each cycle's drill from the drill streams' events, in recording order."""
    found: dict[int, Drill] = {}
    for event in events:
        if isinstance(event, DrillStarted):
            before = found.get(event.cycle)
            ids = frozenset(event.obligations) | (before.obligations if before else frozenset())
            found[event.cycle] = Drill(event.cycle, ids, True)
        elif isinstance(event, DrillEnded) and event.cycle in found:
            drill = found[event.cycle]
            found[event.cycle] = Drill(drill.cycle, drill.obligations, False)
    return found
