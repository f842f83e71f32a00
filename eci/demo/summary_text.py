"""The demo's summary as a person reads it after the load (the CLI adds the table of states)."""

from __future__ import annotations

from eci.demo.journal import LABELS
from eci.demo.loader import DemoSummary
from eci.demo.progress import ru_int


def summary_lines(summary: DemoSummary) -> list[str]:
    """What the load did, in two lines (one when it was left alone)."""
    if summary.skipped:
        return [f"{summary.note} (событий: {ru_int(summary.events)})"]
    cycles = f"{summary.cycles[0]}–{summary.cycles[-1]}" if summary.cycles else "—"
    lines = [
        f"Демо{' (продолжено)' if summary.resumed else ''}: циклы {cycles}, субъектов {summary.regions}, "
        f"обязательств {ru_int(summary.obligations)} (из истории {ru_int(summary.history_rows)}, "
        f"живых процессов {ru_int(summary.live_workflows)}), форм отчёта {ru_int(summary.report_forms)}, "
        f"писем за год {summary.year_mail}; событий {ru_int(summary.events)}; "
        f"{summary.wall_seconds:.0f} с."
    ]
    if summary.phase_seconds:
        phases = ", ".join(
            f"{LABELS.get(name, name)} {seconds:.0f} с" for name, seconds in summary.phase_seconds.items()
        )
        lines.append(f"Этапы: {phases}")
    return lines
