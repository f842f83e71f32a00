"""What the TUI reads, as one port: statuses, an obligation's events, and what changed since a position.

`StoreSource` (tui/store_source.py) implements it over the event store; tests may pass any object
with these methods. Every method does I/O and is called from a worker thread, never the UI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from domain.contacts import ContactRole
from tui.ports import StatusLike


@dataclass(frozen=True)
class TimelineEntry:
    """One recorded event of an obligation, as the detail screen lists it."""

    position: int
    type: str
    event: Any  # the typed domain event
    actor: str
    occurred_at: dt.datetime
    recorded_at: dt.datetime


@dataclass(frozen=True)
class Changes:
    """Events recorded after a position: the new head and the obligations they touched."""

    head: int
    obligation_ids: frozenset[str]


@dataclass(frozen=True)
class ContactSummary:
    """A participant's usable contacts as the TUI may show them: their roles, never names or addresses."""

    roles: tuple[ContactRole, ...]

    @property
    def count(self) -> int:
        """How many usable contacts the participant has."""
        return len(self.roles)


class DataSource(Protocol):
    """Read access to the tracker's state for the TUI."""

    def head(self) -> int:
        """Position of the last recorded event (0 for an empty store)."""
        ...

    def cycles(self) -> list[int]:
        """Cycles that have obligations, ascending."""
        ...

    def drills(self) -> Mapping[int, bool]:
        """Cycles a drill played: True while it runs (the cycle is marked), False once it ended and the
        cycle holds nothing else (the cycle is left out)."""
        ...

    def statuses(self, cycle: int) -> Sequence[StatusLike]:
        """Every obligation's current status in one cycle."""
        ...

    def statuses_of(self, obligation_ids: frozenset[str]) -> Sequence[StatusLike]:
        """Current statuses of these obligations (those that exist)."""
        ...

    def status(self, obligation_id: str) -> Any:
        """The full status of one obligation (documents, reasons, times), None if unknown."""
        ...

    def timeline(self, obligation_id: str) -> Sequence[TimelineEntry]:
        """The obligation's events in order."""
        ...

    def changes_since(self, position: int) -> Changes:
        """What was recorded after `position`."""
        ...

    def statuses_as_of(self, cycle: int, moment: dt.datetime) -> Sequence[StatusLike]:
        """The cycle's statuses as they stood at a past business instant."""
        ...

    def contacts(self) -> Mapping[str, ContactSummary]:
        """Participants with at least one usable contact, read in one query; those absent have none."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...
