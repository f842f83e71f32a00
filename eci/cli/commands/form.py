"""`eci form template|check`: the regions' annual report form as a YAML answer file.

Other `form` commands add themselves to `form_app` (imported from here) in their own `register`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from domain.known_participants import check_region, region_name
from domain.report_form import report_form_for
from domain.report_form_template import render_template
from eci.cli.output import print_json
from eci.form_files import check_answer_file

form_app = typer.Typer(
    help="Форма отчёта субъекта: шаблон, проверка и представление ответов.", no_args_is_help=True
)


@form_app.command(
    "template",
    help="Вывести YAML-файл ответов для заполнения: все пункты формы с заготовками, вопросы в комментариях.",
)
def template(
    cycle: int = typer.Option(..., "--cycle", help="Отчётный год (форма есть за 2023)."),
    region: str = typer.Option(..., "--region", help="Код субъекта РФ, например 77."),
) -> None:
    """Print a fillable YAML answer file: every item with a placeholder, questions as comments."""
    form = report_form_for(cycle)
    code = check_region(region.strip())
    sys.stdout.write(render_template(form, code, region_name(code)))


@form_app.command(
    "check", help="Проверить файл ответов: OK или по строке на замечание с номером пункта (код возврата 1)."
)
def check(
    file: Path = typer.Argument(..., help="Файл ответов (YAML)."),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо текста: {ok, cycle, region, problems}."),
) -> None:
    """Check an answer file: OK, or one line per problem naming the item (exit 1)."""
    result = check_answer_file(file)
    header = result.header
    if as_json:
        print_json(
            {
                "ok": not result.problems,
                "cycle": header.cycle,
                "region": header.region,
                "problems": [{"item": p.item, "message": p.message} for p in result.problems],
            }
        )
    elif result.problems:
        sys.stdout.write("".join(f"{p}\n" for p in result.problems))
    else:
        sys.stdout.write(
            f"OK: {file.name}: форма {header.cycle} г., субъект {header.region}, "
            f"пунктов: {len(header.form.items)}, замечаний нет\n"
        )
    if result.problems:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the `form` group to the app."""
    app.add_typer(form_app, name="form")
