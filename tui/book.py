"""The app's in-memory copy of every status, indexed by obligation and cycle, updated in place."""

from __future__ import annotations

from collections.abc import Iterable

from tui.ports import StatusLike, obligation_key


class StatusBook:
    """Statuses by obligation id, with the list of cycles; replaced or patched after each poll."""

    def __init__(self, statuses: Iterable[StatusLike] = ()) -> None:
        self._by_id: dict[str, StatusLike] = {}
        self._by_cycle: dict[int, dict[str, StatusLike]] = {}
        self.update(statuses)

    def update(self, statuses: Iterable[StatusLike]) -> set[int]:
        """Put these statuses in (replacing older ones); return the cycles they belong to."""
        cycles: set[int] = set()
        for status in statuses:
            key = obligation_key(status)
            self._by_id[key] = status
            self._by_cycle.setdefault(status.cycle, {})[key] = status
            cycles.add(status.cycle)
        return cycles

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, obligation_id: str) -> StatusLike | None:
        """The status of one obligation, if known."""
        return self._by_id.get(obligation_id)

    def cycle(self, cycle: int) -> list[StatusLike]:
        """Every status of one cycle."""
        return list(self._by_cycle.get(cycle, {}).values())

    def cycles(self) -> list[int]:
        """Cycles that have obligations, ascending."""
        return sorted(self._by_cycle)

    def default_cycle(self, this_year: int) -> int | None:
        """This year's cycle if it exists, else the latest one before it, else the earliest."""
        cycles = self.cycles()
        if not cycles:
            return None
        past = [c for c in cycles if c <= this_year]
        return past[-1] if past else cycles[0]
