"""`eci cycle open YEAR`: start the workflows of every obligation of a cycle; `eci cycle retime YEAR`:
move its running obligations to the catalog's current deadlines."""

from __future__ import annotations

import asyncio
import sys

import typer

from config.settings import load_settings
from eci.cli.acting import AS_HELP, acting

cycle_app = typer.Typer(help="Отчётные циклы.", no_args_is_help=True)


@cycle_app.command(
    "open",
    help="Открыть отчётный цикл: по процессу на каждое обязательство (работающие сохраняются, "
    "завершённые не перезапускаются).",
)
def open_command(
    year: int = typer.Argument(..., help="Отчётный год."),
    region: str | None = typer.Option(None, "--region", help="Только обязательства этого участника."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Итог в JSON."),
) -> None:
    """Open a cycle: one workflow per obligation (running ones are kept, closed ones never rerun)."""
    from eci import actions
    from eci.cli.output import print_json

    settings = load_settings()
    by, who = acting(settings, actor)
    opened = asyncio.run(actions.open_cycle(settings, who, year, region, by=by))
    if as_json:
        print_json(opened)
        return
    sys.stdout.write(
        f"Цикл {opened.cycle}: обязательств в работе {opened.running}, закрытых {opened.closed} "
        f"({opened.seconds:.1f} с)\n"
    )


@cycle_app.command(
    "retime",
    help="Применить к работающим обязательствам цикла текущие сроки каталога: каждое перенесённое "
    "обязательство получает событие с причиной, напоминания — по новому сроку (отправленные не "
    "повторяются); продлённые координатором и закрытые не меняются.",
)
def retime_command(
    year: int = typer.Argument(..., help="Отчётный год."),
    reason: str = typer.Option(..., "--reason", help="Причина переноса (записывается в событие)."),
    region: str | None = typer.Option(None, "--region", help="Только обязательства этого участника."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Итог в JSON."),
) -> None:
    """Apply the catalog's current deadlines to a cycle's running obligations."""
    from eci.cli.output import print_json
    from eci.cycle_retime import retime_cycle, summary_json

    settings = load_settings()
    by, who = acting(settings, actor)
    summary = asyncio.run(retime_cycle(settings, who, year, reason, region, by=by))
    if as_json:
        print_json(summary_json(summary))
        return
    for moved in summary.retimed:
        sys.stdout.write(f"{moved.obligation}: срок {moved.previous_due:%d.%m.%Y} → {moved.due:%d.%m.%Y}\n")
    sys.stdout.write(
        f"Цикл {summary.cycle}: перенесено {len(summary.retimed)}, без изменений {summary.unchanged}, "
        f"продлены координатором (сохранены) {len(summary.extended)}, не работают {summary.not_running}\n"
    )


def register(app: typer.Typer) -> None:
    """Add the `cycle` group."""
    app.add_typer(cycle_app, name="cycle")
