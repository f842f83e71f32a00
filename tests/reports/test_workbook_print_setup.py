"""Every workbook the tracker writes prints: A4, fitted to one page wide, landscape where the columns are
wider than a portrait page, the head row repeated, a print area set."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl

from domain.report_form.forms import report_form_for
from domain.report_form.sheet import HEADER_ROW
from domain.report_form.sheet_layout import build_layout
from eci.history_import.files import write_xlsx_template
from reports.catalog_directory import CatalogDirectory
from reports.cycle_report import render_cycle_report
from reports.form_workbook import render_form_workbook
from reports.formats import CycleReportFormat
from store.event_store import EventStore


def _printable(sheet: Any) -> None:
    assert sheet.page_setup.paperSize == 9, sheet.title  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0), sheet.title
    assert sheet.print_area, sheet.title


def test_the_cycle_and_measure_reports_print_fitted_to_width_wide_tables_in_landscape(
    story_store: EventStore,
) -> None:
    for measure in (None, 1):
        data = render_cycle_report(
            story_store, CatalogDirectory(), cycle=2023, fmt=CycleReportFormat.XLSX, measure=measure
        )
        book = openpyxl.load_workbook(io.BytesIO(data))
        for sheet in book:
            _printable(sheet)
        districts = book["По федеральным округам"]
        assert districts.page_setup.orientation == "landscape"  # 11 columns, 153 characters wide
        assert districts.print_title_rows == "$1:$1"
        assert book["Обязательства"].page_setup.orientation == "landscape"
        assert book["Сведения"].page_setup.orientation == "portrait"


def test_the_report_form_workbook_prints_its_answer_columns_beside_the_questions() -> None:
    layout = build_layout(report_form_for(2024), "77")
    book = openpyxl.load_workbook(io.BytesIO(render_form_workbook(layout)))
    for name in (s.name for s in layout.sheets):
        sheet = book[name]
        _printable(sheet)
        assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert sheet.print_area.endswith(f"${sheet.max_row}")


def test_the_history_import_template_prints(tmp_path: Path) -> None:
    path = tmp_path / "history.xlsx"
    write_xlsx_template(path)
    book = openpyxl.load_workbook(path)
    for sheet in book:
        _printable(sheet)
