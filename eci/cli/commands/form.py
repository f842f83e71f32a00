"""`eci form template|check`: the regions' annual report form as a YAML answer file.

Other `form` commands add themselves to `form_app` (imported from here) in their own `register`.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from domain.plan.participants import check_region, region_name
from domain.report_form.answers import FormAnswers
from domain.report_form.forms import report_form_for
from domain.report_form.template import render_template
from eci.cli.output import print_json
from eci.cli.report_io import write_output
from eci.errors import EciError
from eci.form.files import check_form_file

form_app = typer.Typer(
    help="Форма отчёта субъекта: шаблон, проверка и представление ответов.", no_args_is_help=True
)


class TemplateFormat(StrEnum):
    """What `eci form template` writes."""

    YAML = "yaml"
    XLSX = "xlsx"


def _previous_answers(cycle: int, region: str) -> FormAnswers | None:
    """Last year's answers from the store, or None when there is no store yet (a template needs none)."""
    from config.settings import load_settings
    from eci.cli.access import Access, admit
    from reports.form_workbook_source import previous_answers
    from store.event_store import EventStore

    settings = load_settings()
    if not settings.has_store():
        return None
    admit(Access.USER)  # the template itself is open; last year's answers are the store's
    with EventStore.open(settings.effective_database_url, migrate=False) as store:
        return previous_answers(store, cycle, region)


@form_app.command(
    "template",
    help=(
        "Шаблон формы для заполнения: YAML-файл ответов (вопросы в комментариях) или книга Excel "
        "(--format xlsx --out ФАЙЛ: лист на раздел плана, ответы прошлого года подставлены)."
    ),
)
def template(
    cycle: int = typer.Option(..., "--cycle", help="Отчётный год (2023–2030)."),
    region: str = typer.Option(..., "--region", help="Код субъекта РФ, например 77."),
    fmt: TemplateFormat = typer.Option(TemplateFormat.YAML, "--format", help="yaml или xlsx."),
    out: Path | None = typer.Option(None, "--out", help="Куда записать (для xlsx обязательно)."),
) -> None:
    """Write a fillable form: a YAML answer file, or the workbook prefilled from last year's answers."""
    form = report_form_for(cycle)
    code = check_region(region.strip())
    if fmt is TemplateFormat.YAML:
        write_output(render_template(form, code, region_name(code)).encode(), out, binary=False)
        return
    if out is None:
        raise EciError("книга Excel записывается в файл: укажите --out ФАЙЛ.xlsx", code="out_required")
    from reports.form_workbook_source import form_workbook

    data, carried = form_workbook(cycle, code, _previous_answers(cycle, code))
    write_output(data, out, binary=True)
    if carried:
        sys.stderr.write(f"подставлено ответов за {cycle - 1} год: {carried}\n")


@form_app.command(
    "check",
    help=(
        "Проверить файл ответов (YAML) или заполненную книгу Excel: OK или по строке на замечание "
        "с номером пункта (и ячейкой книги), код возврата 1."
    ),
)
def check(
    file: Path = typer.Argument(..., help="Файл ответов (YAML) или книга (XLSX)."),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо текста: {ok, cycle, region, problems}."),
    cycle: int | None = typer.Option(None, "--cycle", help="Ожидаемый отчётный год формы."),
    region: str | None = typer.Option(None, "--region", help="Ожидаемый субъект формы."),
) -> None:
    """Check an answer file or a workbook: OK, or one line per problem naming the item and cell (exit 1)."""
    checked = check_form_file(file, cycle=cycle, region=check_region(region.strip()) if region else None)
    result = checked.result
    header = result.header
    if as_json:
        print_json(
            {
                "ok": not result.problems,
                "cycle": header.cycle,
                "region": header.region,
                "problems": [
                    {"item": p.item, "code": p.code, "message": p.message}
                    | ({"sheet": cell.sheet, "cell": cell.ref} if cell else {})
                    for p, cell in zip(result.problems, checked.cells, strict=True)
                ],
            }
        )
    elif result.problems:
        sys.stdout.write("".join(f"{line}\n" for line in checked.lines))
    else:
        sys.stdout.write(
            f"Проверено: {file.name}: форма за {header.cycle} год, субъект {header.region}, "
            f"пунктов: {len(header.form.items)}, замечаний нет\n"
        )
    if result.problems:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the `form` group to the app."""
    app.add_typer(form_app, name="form")
