"""`eci import FILE`: prior-period history from a spreadsheet; `--template FILE` writes an empty one."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import typer

from config.settings import load_settings
from eci.cli.acting import AS_HELP, acting
from eci.cli.output import print_json, print_table
from eci.history_import.importer import ImportSummary


def _print_summary(summary: ImportSummary) -> None:
    sys.stdout.write(
        f"Импортирован файл {summary.file_name} (SHA-256 {summary.sha256[:16]}…): строк {summary.rows}, "
        f"записано обязательств {summary.obligations_written}, событий {summary.events_written}; "
        f"уже были в журнале {summary.obligations_unchanged}; "
        f"запущено процессов {summary.workflows_started}.\n"
    )
    print_table(["состояние", "обязательств"], sorted(summary.states.items()))


def import_command(
    file: Path = typer.Argument(..., help="Файл XLSX или CSV (с --template: куда записать пустой шаблон)."),
    template: bool = typer.Option(False, "--template", help="Записать пустой шаблон файла импорта."),
    check: bool = typer.Option(False, "--check", help="Только проверить файл, ничего не записывая."),
    actor: str = typer.Option(None, "--as", help=AS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Итог в JSON."),
) -> None:
    """Import prior-period facts (obligations, documents, dates) as events with their business dates."""
    from eci.history_import.files import write_template

    if template:
        write_template(file)
        sys.stdout.write(f"Шаблон записан: {file}\n")
        return
    from eci.history_import.importer import check_file
    from eci.history_import.run import run_import

    settings = load_settings()
    _by, who = acting(settings, actor)
    if check:
        source, planned = check_file(file)
        sys.stdout.write(f"{source.name}: {len(planned)} строк без ошибок\n")
        return
    summary = run_import(settings, file, who)
    if as_json:
        print_json(dataclasses.asdict(summary))
    else:
        _print_summary(summary)


def register(app: typer.Typer) -> None:
    """Add `eci import`."""
    app.command(
        "import",
        help="Импортировать сведения за прошлые периоды (обязательства, документы, даты) "
        "как события с их фактическими датами.",
    )(import_command)
