"""How far a demo load is: a progress bar per phase with counts (rich) on a terminal, a line per phase
elsewhere, and a snapshot another thread reads (the coordinator's terminal shows it in its status line).
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

from eci.demo.journal import LABELS, PHASES


def ru_int(n: int) -> str:
    """An integer with thin spaces between thousands, as Russian text writes it: 12 345."""
    return f"{n:,}".replace(",", "\u202f")


@dataclass(frozen=True)
class PhaseCount:
    """One phase's progress at a moment."""

    phase: str
    done: int
    total: int

    @property
    def label(self) -> str:
        """What a person reads for the phase."""
        return LABELS.get(self.phase, self.phase)

    @property
    def number(self) -> int:
        """The phase's place in the load, from 1."""
        return [name for name, _ in PHASES].index(self.phase) + 1 if self.phase in LABELS else 0


class DemoProgress:
    """Keeps the current phase's counts; shows nothing (subclasses do). Safe to read from another thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: PhaseCount | None = None
        self._began = time.monotonic()
        self.seconds: dict[str, float] = {}

    def start(self, phase: str, total: int) -> None:
        """A phase begins, with this many items to do."""
        count = PhaseCount(phase, 0, total)
        with self._lock:
            self._current = count
        self._began = time.monotonic()
        self.shown_start(count)

    def advance(self, n: int = 1) -> None:
        """`n` more items of the current phase are done."""
        with self._lock:
            now = self._current
            if now is None:
                return
            self._current = PhaseCount(now.phase, min(now.done + n, max(now.total, now.done + n)), now.total)
        self.shown_advance(n)

    def set(self, done: int) -> None:
        """The current phase has `done` items done (counted from outside, e.g. workflows recorded)."""
        with self._lock:
            now = self._current
            if now is None or done <= now.done:
                return
            self._current = PhaseCount(now.phase, done, now.total)
        self.shown_advance(done - now.done)

    def finish(self, note: str = "") -> None:
        """The current phase is done; `note` says what it left (for the line shown)."""
        with self._lock:
            now = self._current
            self._current = None
        if now is not None:
            self.seconds[now.phase] = round(time.monotonic() - self._began, 1)
            self.shown_finish(now, note)

    def snapshot(self) -> PhaseCount | None:
        """The current phase's counts (None between phases)."""
        with self._lock:
            return self._current

    def status_line(self) -> str | None:
        """One line for a status bar: `демо 4/8: открытие живых процессов 1 234/2 759`."""
        now = self.snapshot()
        if now is None:
            return None
        return f"демо {now.number}/{len(PHASES)}: {now.label} {ru_int(now.done)}/{ru_int(now.total)}"

    def say(self, line: str) -> None:
        """A line about the load (resuming, a skipped phase)."""

    def detach(self) -> None:
        """Stop drawing on the terminal (another program takes it over); counts go on."""

    # --- what subclasses show -------------------------------------------------------------------
    def shown_start(self, count: PhaseCount) -> None:
        """Show that a phase began."""

    def shown_advance(self, n: int) -> None:
        """Show that items were done."""

    def shown_finish(self, count: PhaseCount, note: str) -> None:
        """Show that a phase ended."""


class LineProgress(DemoProgress):
    """One line per phase on stderr: for logs and pipes, where a redrawn bar would be noise."""

    def _write(self, text: str) -> None:
        sys.stderr.write(f"демо: {text}\n")
        sys.stderr.flush()

    def say(self, line: str) -> None:
        self._write(line)

    def shown_start(self, count: PhaseCount) -> None:
        self._write(f"[{count.number}/{len(PHASES)}] {count.label}: {ru_int(count.total)}…")

    def shown_finish(self, count: PhaseCount, note: str) -> None:
        seconds = self.seconds.get(count.phase, 0.0)
        self._write(f"[{count.number}/{len(PHASES)}] {count.label}: готово за {seconds:.0f} с{note}")


class RichProgress(DemoProgress):
    """A bar per phase with its counts and time (rich), drawn on stderr while a terminal shows it."""

    def __init__(self) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=30),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        )
        self._task: Any = None
        self._live = True
        self._progress.start()

    def _counts(self) -> str:
        now = self.snapshot()
        return f"{ru_int(now.done)}/{ru_int(now.total)}" if now else ""

    def say(self, line: str) -> None:
        if self._live:
            self._progress.console.print(f"демо: {line}")

    def shown_start(self, count: PhaseCount) -> None:
        if self._live:
            title = f"[{count.number}/{len(PHASES)}] {count.label}"
            self._task = self._progress.add_task(title, total=max(count.total, 1), counts=self._counts())

    def shown_advance(self, n: int) -> None:
        if self._live and self._task is not None:
            self._progress.update(self._task, advance=n, counts=self._counts())

    def shown_finish(self, count: PhaseCount, note: str) -> None:
        if self._live and self._task is not None:
            counts = f"{ru_int(count.done)}/{ru_int(count.total)}{note}"
            self._progress.update(self._task, completed=max(count.total, 1), counts=counts)
            self._task = None

    def detach(self) -> None:
        if self._live:
            self._live = False
            self._progress.stop()


def progress_for_terminal() -> DemoProgress:
    """Bars on a terminal, lines elsewhere."""
    return RichProgress() if sys.stderr.isatty() else LineProgress()
