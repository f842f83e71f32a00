"""`eci cycle open YEAR`: start the workflows of every obligation of a cycle."""

from __future__ import annotations

import asyncio
import sys

import typer

from config.settings import load_settings
from domain.actors import Actor

cycle_app = typer.Typer(help="Отчётные циклы.", no_args_is_help=True)


@cycle_app.command(
    "open",
    help="Открыть отчётный цикл: по процессу на каждое обязательство (работающие сохраняются, "
    "завершённые не перезапускаются).",
)
def open_command(
    year: int = typer.Argument(..., help="Отчётный год."),
    region: str | None = typer.Option(None, "--region", help="Только обязательства этого участника."),
    actor: str | None = typer.Option(None, "--as", help="Кто открывает (по умолчанию ECI_ACTOR)."),
    as_json: bool = typer.Option(False, "--json", help="Итог в JSON."),
) -> None:
    """Open a cycle: one workflow per obligation (running ones are kept, closed ones never rerun)."""
    from eci import actions
    from eci.cli.output import print_json

    settings = load_settings()
    who = Actor.parse(actor or settings.actor or "coordinator")
    opened = asyncio.run(actions.open_cycle(settings, who, year, region))
    if as_json:
        print_json(opened)
        return
    sys.stdout.write(
        f"Цикл {opened.cycle}: обязательств в работе {opened.running}, закрытых {opened.closed} "
        f"({opened.seconds:.1f} с)\n"
    )


def register(app: typer.Typer) -> None:
    """Add the `cycle` group."""
    app.add_typer(cycle_app, name="cycle")
