"""`eci demo`: fill a fresh data dir with a living history; `eci demo --drill`: deadlines minutes away."""

from __future__ import annotations

import dataclasses
import sys

import typer

from config.settings import load_settings
from eci.cli.output import print_json, print_table


def _print_summary(summary: object) -> None:
    from domain.obligation.states import STATE_LABELS_RU, ObligationState
    from eci.demo.loader import DemoSummary
    from eci.demo.summary_text import summary_lines

    assert isinstance(summary, DemoSummary)
    sys.stdout.write("\n".join(summary_lines(summary)) + "\n")
    if not summary.skipped:
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
    import signal

    from eci.runtime.stack import running_stack
    from eci.runtime.up import terminate_as_interrupt

    # SIGTERM stops the stack as Ctrl-C does, leaving no orphans and the load resumable.
    signal.signal(signal.SIGTERM, terminate_as_interrupt)

    with running_stack(load_settings()) as stack:
        settings = stack.settings
        for note in stack.notes:
            sys.stderr.write(note + "\n")
        if drill:
            from eci.demo.drill import run_drill

            result: object = run_drill(settings, minutes=minutes, regions=regions or 3)
        else:
            from demo.scenario import DEFAULT_SEED
            from eci.demo.loader import populate
            from eci.demo.progress import progress_for_terminal

            progress = progress_for_terminal()
            try:
                result = populate(
                    settings, regions=regions, seed=DEFAULT_SEED if seed is None else seed, progress=progress
                )
            except KeyboardInterrupt:
                from eci.demo.journal import unfinished_note

                progress.detach()
                sys.stderr.write(unfinished_note(settings.data_dir) + "\n")
                raise
            finally:
                progress.detach()
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
