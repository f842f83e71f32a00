"""`eci report`: the cycle's completion report by default; `region` and `measure` sub-reports."""

from __future__ import annotations

from pathlib import Path

import typer

from reports.formats import CycleReportFormat, RegionReportFormat

report_app = typer.Typer(
    help="Отчёты: выполнение плана за цикл, по мероприятию, отчёт субъекта по форме.",
    invoke_without_command=True,
    no_args_is_help=False,
)

_BINARY = {CycleReportFormat.XLSX}


@report_app.callback(invoke_without_command=True)
def cycle_report(
    ctx: typer.Context,
    cycle: int = typer.Option(None, "--cycle", help="Отчётный год."),
    fmt: CycleReportFormat = typer.Option(
        CycleReportFormat.MD, "--format", help="Формат: html, xlsx, csv или md."
    ),
    as_of: str = typer.Option(None, "--as-of", help="Дата отчёта, ГГГГ-ММ-ДД (по умолчанию сегодня)."),
    out: Path = typer.Option(None, "--out", help="Файл для записи (обязателен для xlsx)."),
) -> None:
    """The completion report of a cycle: per measure and region, totals by district and section."""
    if ctx.invoked_subcommand is not None:
        return
    if cycle is None:
        raise typer.BadParameter("--cycle is required", param_hint="--cycle")
    _write(cycle, fmt, as_of, out, measure=None)


@report_app.command("measure", help="Одно мероприятие по всем участникам отчётного цикла.")
def measure_report(
    number: int = typer.Argument(..., help="Номер мероприятия плана."),
    cycle: int = typer.Option(..., "--cycle", help="Отчётный год."),
    fmt: CycleReportFormat = typer.Option(
        CycleReportFormat.MD, "--format", help="Формат: html, xlsx, csv или md."
    ),
    as_of: str = typer.Option(None, "--as-of", help="Дата отчёта, ГГГГ-ММ-ДД (по умолчанию сегодня)."),
    out: Path = typer.Option(None, "--out", help="Файл для записи (обязателен для xlsx)."),
) -> None:
    """One measure across all participants of a cycle."""
    _write(cycle, fmt, as_of, out, measure=number)


@report_app.command("region", help="Ответы субъекта в виде годовой формы отчёта, с динамикой по годам.")
def region_report(
    code: str = typer.Argument(..., help="Код субъекта Российской Федерации (две цифры)."),
    cycle: int = typer.Option(..., "--cycle", help="Отчётный год формы."),
    fmt: RegionReportFormat = typer.Option(
        RegionReportFormat.MD, "--format", help="Формат: html, docx или md."
    ),
    out: Path = typer.Option(None, "--out", help="Файл для записи (обязателен для docx)."),
) -> None:
    """A region's answers laid out as the annual report form, with year-over-year dynamics."""
    from eci.cli.report_io import open_event_store, write_output
    from reports.region_source import render_region_report

    with open_event_store() as store:
        data = render_region_report(store, cycle=cycle, region=code, fmt=fmt)
    write_output(data, out, binary=fmt is RegionReportFormat.DOCX)


def _write(
    cycle: int, fmt: CycleReportFormat, as_of: str | None, out: Path | None, *, measure: int | None
) -> None:
    # Imported here so `eci --help` does not load the store and the renderers.
    from eci.cli.report_io import open_event_store, write_output
    from reports.catalog_directory import CatalogDirectory
    from reports.cycle_report import render_cycle_report
    from reports.instants import parse_day

    day = parse_day(as_of) if as_of else None
    with open_event_store() as store:
        data = render_cycle_report(
            store, CatalogDirectory(), cycle=cycle, fmt=fmt, as_of=day, measure=measure
        )
    write_output(data, out, binary=fmt in _BINARY)


def register(app: typer.Typer) -> None:
    """Add `eci report` to the app."""
    app.add_typer(report_app, name="report")
