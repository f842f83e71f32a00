"""`eci form submit FILE.yaml|FILE.xlsx`: added to the `form` group."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import typer

from config.settings import load_settings
from domain.obligation.states import STATE_LABELS_RU
from domain.report_form.filing import FormFiling
from eci.cli.acting import AS_HELP, acting
from eci.cli.output import print_json


def filing_json(filing: FormFiling) -> dict[str, Any]:
    """The public JSON of a filed form: stable English codes beside the Russian messages."""
    return {
        "code": "form_recorded",
        "message": filing.heading(),
        "cycle": filing.cycle,
        "region": filing.region,
        "version": filing.version,
        "sha256": filing.sha256,
        "items": [
            {
                "measure": i.measure,
                "items": list(i.items),
                "obligation": i.obligation,
                "code": i.outcome.value,
                "state": i.state.value if i.state else None,
                "message": i.message,
            }
            for i in filing.items
        ],
    }


def filing_lines(filing: FormFiling) -> list[str]:
    """The receipt a person reads: the version, then each section and what became of it."""
    lines = [f"{filing.heading()}; файл {filing.filename}, SHA-256 {filing.sha256}"]
    for item in filing.items:
        state = f" (состояние: {STATE_LABELS_RU[item.state]})" if item.state else ""
        lines.append(f"  {item.line()}{state}")
    if filing.failed:
        count = len(filing.failed)
        lines.append(f"Не передано разделов: {count}; форма записана, остальные разделы переданы.")
    return lines


def form_submit_command(
    file: Path = typer.Argument(..., help="Заполненная форма: файл ответов (YAML) или книга Excel (XLSX)."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо текста."),
) -> None:
    """File a region's annual report form: recorded whole, each section passed to its obligation."""
    from eci.form.submit import submit_form

    settings = load_settings()
    by, who = acting(settings, actor)
    filing = asyncio.run(submit_form(settings, who, file, by=by))
    if as_json:
        print_json(filing_json(filing))
    else:
        sys.stdout.write("".join(f"{line}\n" for line in filing_lines(filing)))
    if filing.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `submit` to the `form` group (a group of its own if this build has none)."""
    try:
        from eci.cli.commands.form import form_app
    except ModuleNotFoundError:
        form_app = typer.Typer(help="Форма отчёта субъекта.", no_args_is_help=True)
        app.add_typer(form_app, name="form")
    form_app.command(
        "submit",
        help=(
            "Представить форму отчёта субъекта: форма записывается целиком (новая версия), каждый раздел "
            "передаётся в своё обязательство; отчёт о каждом разделе."
        ),
    )(form_submit_command)
