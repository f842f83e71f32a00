"""`eci report`: the cycle's completion report by default; `region` and `measure` sub-reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from reports.formats import CycleReportFormat, RegionReportFormat, SummaryFormat

if TYPE_CHECKING:
    from reports.summary.report import Summary

report_app = typer.Typer(
    help="Отчёты: выполнение плана за цикл, по мероприятию, отчёт субъекта по форме, сводный отчёт.",
    invoke_without_command=True,
    no_args_is_help=False,
)

_BINARY = {CycleReportFormat.XLSX}
_BINARY_SUMMARY = {SummaryFormat.XLSX, SummaryFormat.DOCX, SummaryFormat.PDF}


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
        from eci.errors import EciError

        raise EciError("укажите отчётный год: --cycle", code="no_cycle")
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


@report_app.command(
    "summary",
    help="Сводный отчёт по формам субъектов: итоги по стране и округам, полнота, проверки, графики, карта.",
)
def summary_report(
    cycle: int = typer.Option(..., "--cycle", help="Отчётный год формы."),
    fmt: SummaryFormat = typer.Option(
        SummaryFormat.MD, "--format", help="Формат: md, html, xlsx, docx или pdf."
    ),
    as_of: str = typer.Option(None, "--as-of", help="Дата отчёта, ГГГГ-ММ-ДД (по умолчанию сегодня)."),
    district: str = typer.Option(
        None, "--district", help="Только один федеральный округ: код (central), название или ЦФО."
    ),
    out: Path = typer.Option(None, "--out", help="Файл для записи (обязателен для xlsx, docx и pdf)."),
    findings: bool = typer.Option(False, "--findings", help="Только замечания проверки форм."),
    as_json: bool = typer.Option(False, "--json", help="Замечания в JSON (с --findings)."),
) -> None:
    """The regions' latest forms of a cycle summed nationally and by district, with validation findings."""
    from eci.cli.report_io import open_event_store, write_output
    from eci.errors import EciError
    from reports.instants import parse_day
    from reports.summary.from_store import summary_from_store

    if as_json and not findings:
        raise EciError("--json выводит список замечаний: добавьте --findings", code="json_needs_findings")
    day = parse_day(as_of) if as_of else None
    with open_event_store() as store:
        summary = summary_from_store(store, cycle=cycle, as_of=day, district=district)
    if findings:
        _write_findings(summary, out, as_json=as_json)
        return
    from reports.summary.render import render_summary

    write_output(render_summary(summary, fmt), out, binary=fmt in _BINARY_SUMMARY)


def _write_findings(summary: Summary, out: Path | None, *, as_json: bool) -> None:
    from eci.cli.report_io import write_output
    from reports.render_text import render_markdown_table
    from reports.summary.render import render_findings
    from reports.summary.views import findings_table

    if as_json:
        write_output(render_findings(summary), out, binary=False)
        return
    table = findings_table(summary)
    text = render_markdown_table(table) if table.rows else "Замечаний нет.\n"
    write_output(text.encode(), out, binary=False)


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
