"""`eci doctor`: is this deployment configured right, and if not, what to do."""

from __future__ import annotations

import dataclasses
import sys

import typer

from config.settings import load_settings
from eci.cli.output import print_json

_MARKS = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}


def doctor_command(
    fix: bool = typer.Option(
        False, "--fix", help="Обновить схему базы событий и зарегистрировать атрибуты поиска."
    ),
    as_json: bool = typer.Option(False, "--json", help="Результаты проверок в JSON."),
) -> None:
    """Check the data dir, the event store, Temporal (namespace, search attributes, worker) and SMTP."""
    from eci.doctor import Outcome, diagnose

    results = diagnose(load_settings(), fix)
    if as_json:
        print_json([dataclasses.asdict(r) for r in results])
    else:
        for r in results:
            line = f"{_MARKS[r.outcome.value]}  {r.check:<18} {r.detail}"
            if r.fix and r.outcome is not Outcome.OK:
                line += f"\n      → {r.fix}"
            sys.stdout.write(line + "\n")
    if any(r.outcome is Outcome.FAIL for r in results):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `doctor`."""
    app.command(
        "doctor",
        help="Проверить каталог данных, базу событий, Temporal (пространство имён, атрибуты поиска, "
        "обработчик) и SMTP.",
    )(doctor_command)
