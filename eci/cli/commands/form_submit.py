"""`eci form submit FILE.yaml|FILE.xlsx`: added to the `form` group."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import typer

from config.settings import load_settings
from domain.obligation.states import STATE_LABELS_RU
from eci.cli.acting import AS_HELP, acting


def form_submit_command(
    file: Path = typer.Argument(..., help="Заполненная форма: файл ответов (YAML) или книга Excel (XLSX)."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Submit a region's filled report form to its obligations of the cycle (all or nothing)."""
    from eci.form.submit import submit_form

    settings = load_settings()
    by, who = acting(settings, actor)
    for progress in asyncio.run(submit_form(settings, who, file, by=by)):
        sys.stdout.write(f"{progress.obligation_id}: {STATE_LABELS_RU[progress.state]}\n")


def register(app: typer.Typer) -> None:
    """Add `submit` to the `form` group (a group of its own if this build has none)."""
    try:
        from eci.cli.commands.form import form_app
    except ModuleNotFoundError:
        form_app = typer.Typer(help="Форма отчёта субъекта.", no_args_is_help=True)
        app.add_typer(form_app, name="form")
    form_app.command(
        "submit",
        help="Представить заполненную форму отчёта субъекта по обязательствам цикла (всё или ничего).",
    )(form_submit_command)
