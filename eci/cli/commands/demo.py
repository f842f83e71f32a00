"""`eci demo`: fill a fresh data dir with a living history; `eci demo --drill`: deadlines minutes away."""

from __future__ import annotations

import dataclasses
import sys

import typer

from config.settings import load_settings
from eci.cli.output import print_json, print_table

_PHASES_RU = {
    "history_import_and_report_forms": "импорт истории и форм отчёта",
    "live_workflows_opened": "открытие процессов",
    "actions_settled": "действия",
}


def _print_summary(summary: object) -> None:
    from domain.obligation.states import STATE_LABELS_RU, ObligationState
    from eci.demo.loader import DemoSummary

    assert isinstance(summary, DemoSummary)
    if summary.skipped:
        sys.stdout.write(f"{summary.note} (событий: {summary.events})\n")
        return
    cycles = f"{summary.cycles[0]}–{summary.cycles[-1]}" if summary.cycles else "—"
    sys.stdout.write(
        f"Демо: циклы {cycles}, субъектов {summary.regions}, обязательств {summary.obligations} "
        f"(из истории {summary.history_rows}, живых процессов {summary.live_workflows}), "
        f"форм отчёта {summary.report_forms}; событий {summary.events}; {summary.wall_seconds} с.\n"
    )
    phases = ", ".join(
        f"{_PHASES_RU.get(name, name)} {seconds} с" for name, seconds in summary.phase_seconds.items()
    )
    sys.stdout.write(f"Этапы: {phases}\n")
    rows = [(STATE_LABELS_RU[ObligationState(k)], v) for k, v in summary.states.items()]
    print_table(["состояние", "обязательств"], rows)


def demo_command(
    regions: int = typer.Option(None, "--regions", min=1, max=89, help="Только первые N субъектов."),
    seed: int = typer.Option(None, "--seed", help="Зерно генератора сценария."),
    drill: bool = typer.Option(False, "--drill", help="Учения: сроки через несколько минут."),
    minutes: int = typer.Option(6, "--minutes", min=2, max=120, help="Через сколько минут срок (учения)."),
    as_json: bool = typer.Option(False, "--json", help="Итог в JSON."),
) -> None:
    """Populate a fresh data dir (cycles 2023..now, all regions), or run a live drill."""
    from eci.runtime.stack import running_stack

    settings = load_settings()
    with running_stack(settings) as stack:
        for note in stack.notes:
            sys.stderr.write(note + "\n")
        if drill:
            from eci.demo.drill import run_drill

            result: object = run_drill(settings, minutes=minutes, regions=regions or 3)
        else:
            from demo.scenario import DEFAULT_SEED
            from eci.demo.loader import populate

            result = populate(settings, regions=regions, seed=DEFAULT_SEED if seed is None else seed)
    if as_json:
        print_json(dataclasses.asdict(result))  # type: ignore[call-overload]
    elif drill:
        sys.stdout.write(str(result) + "\n")
    else:
        _print_summary(result)


def register(app: typer.Typer) -> None:
    """Add `eci demo`."""
    app.command(
        "demo",
        help="Заполнить новый каталог данных (циклы с 2023 по текущий, все субъекты) "
        "или провести учения в реальном времени.",
    )(demo_command)
