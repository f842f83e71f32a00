"""`eci tui`: the coordinator's terminal (matrix of regions × measures, drill-down, actions)."""

from __future__ import annotations

import sys

import typer

from config.settings import load_settings
from eci.errors import EciError


def tui(
    cycle: int | None = typer.Option(
        None, "--cycle", help="Отчётный год, открываемый первым (по умолчанию текущий)."
    ),
) -> None:
    """Open the coordinator's terminal on the configured event store and Temporal server."""
    if cycle is not None:
        from domain.obligation.plan import check_cycle

        check_cycle(cycle)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise EciError(
            "`eci tui` работает только в терминале (stdin и stdout должны быть TTY)", code="no_terminal"
        )
    from eci.tui_wiring import run_tui

    run_tui(load_settings(), cycle=cycle)


def register(app: typer.Typer) -> None:
    """Add the `tui` command."""
    app.command("tui", help="Открыть терминал координатора (база событий и Temporal — из настроек).")(tui)
