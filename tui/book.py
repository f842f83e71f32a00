"""The app's in-memory copy of every status, indexed by obligation and cycle, updated in place."""

from __future__ import annotations

from collections.abc import Iterable

from tui.ports import StatusLike, obligation_key


class StatusBook:
    """Statuses by obligation id, with the list of cycles; replaced or patched after each poll."""

    def __init__(self, statuses: Iterable[StatusLike] = (), known_cycles: Iterable[int] = ()) -> None:
        self._by_id: dict[str, StatusLike] = {}
        self._by_cycle: dict[int, dict[str, StatusLike]] = {}
        self._known: set[int] = set(known_cycles)
        self._loaded: set[int] = set()
        self._versions: dict[int, int] = {}  # cycle → how many updates touched it
        self.hidden: frozenset[int] = frozenset()
        self.update(statuses)

    def put_cycle(self, cycle: int, statuses: Iterable[StatusLike]) -> None:
        """Load one whole cycle."""
        self.update(statuses)
        self._loaded.add(cycle)
        self._known.add(cycle)

    def is_loaded(self, cycle: int) -> bool:
        """Whether every status of the cycle is in the book."""
        return cycle in self._loaded

    def update(self, statuses: Iterable[StatusLike]) -> set[int]:
        """Put these statuses in (replacing older ones); return the cycles they belong to."""
        cycles: set[int] = set()
        unknown = set()
        for status in statuses:
            key = obligation_key(status)
            self._by_id[key] = status
            self._by_cycle.setdefault(status.cycle, {})[key] = status
            if status.cycle not in self._known:
                unknown.add(status.cycle)
            cycles.add(status.cycle)
        # A cycle first seen in an update began after the book was read: all of it arrives this way.
        self._loaded |= unknown
        self._known |= cycles
        for cycle in cycles:
            self._versions[cycle] = self._versions.get(cycle, 0) + 1
        return cycles

    def version(self, cycle: int) -> int:
        """Changes whenever a status of the cycle is put in: a key for views built from the cycle."""
        return self._versions.get(cycle, 0)

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, obligation_id: str) -> StatusLike | None:
        """The status of one obligation, if known."""
        return self._by_id.get(obligation_id)

    def all(self) -> list[StatusLike]:
        """Every status in the book."""
        return list(self._by_id.values())

    def cycle(self, cycle: int) -> list[StatusLike]:
        """Every status of one cycle."""
        return list(self._by_cycle.get(cycle, {}).values())

    def cycles(self) -> list[int]:
        """Cycles that have obligations (loaded or not yet), ascending; hidden ones (an ended drill's)
        left out."""
        return sorted(self._known - self.hidden)

    def hide(self, cycles: frozenset[int]) -> bool:
        """Leave these cycles out of the list from now on; whether that changed anything."""
        changed = cycles != self.hidden
        self.hidden = cycles
        return changed

    def default_cycle(self, this_year: int) -> int | None:
        """This year's cycle if it exists, else the latest one before it, else the earliest."""
        cycles = self.cycles()
        if not cycles:
            return None
        past = [c for c in cycles if c <= this_year]
        return past[-1] if past else cycles[0]
