"""The summary's documents: a PDF of a stated length with landscape pages for wide tables, a Word file
with contents, pictures and repeated table heads, a workbook set up for printing, and the findings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from cli_invoke import run_eci
from docx import Document
from docx.oxml.ns import qn
from fixtures_summary import AFTER_ALL

from reports.formats import SummaryFormat
from reports.summary.from_store import summary_from_store
from reports.summary.long_rows import long_rows
from reports.summary.pictures import pictures
from reports.summary.render import render_summary
from reports.summary.render_pdf import pdf_document
from store.event_store import EventStore

# The Северо-Кавказский district's summary of 2024 (7 regions) lays out on 46 A4 pages here: title and
# contents, key indicators with their charts, two maps, the landscape district tables, completeness,
# findings, the plan's six sections item by item, and the appendix. The range allows for fonts.
PDF_PAGES = range(36, 61)


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_the_pdf_has_a_stated_number_of_a4_pages_with_the_wide_tables_in_landscape(
    forms_store: EventStore,
) -> None:
    summary = summary_from_store(forms_store, cycle=2024, as_of=AFTER_ALL, district="СКФО")
    document = pdf_document(summary, pictures(summary, "svg", every_map=False))
    sizes = [(round(p.width), round(p.height)) for p in document.pages]
    assert len(sizes) in PDF_PAGES
    assert sizes[0] == (794, 1123)  # A4 portrait, in CSS pixels
    assert (1123, 794) in sizes  # the district tables' landscape page
    assert document.write_pdf(full_fonts=True).startswith(b"%PDF-")


def test_the_docx_has_a_title_page_contents_pictures_and_table_heads_repeated(
    forms_store: EventStore,
) -> None:
    summary = summary_from_store(forms_store, cycle=2024, as_of=AFTER_ALL)
    document = Document(io.BytesIO(render_summary(summary, SummaryFormat.DOCX)))
    texts = [p.text for p in document.paragraphs]
    assert summary.title in texts[:12]
    body = document.element.body.xml
    assert 'TOC \\o "1-2"' in body
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Содержание"
    assert headings[1:4] == [
        "1. Ключевые показатели",
        "2. Полнота и своевременность представления форм",
        "3. Результаты проверки форм",
    ]
    assert any(h.startswith("5. Раздел I. ") for h in headings)
    assert headings[-1] == "Приложение. Ответы в свободной форме"
    assert len(document.inline_shapes) == 4  # district bars, trend, completeness map, units map
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    orientations = [s.orientation for s in document.sections]
    assert 1 in orientations  # WD_ORIENT.LANDSCAPE for the district tables
    assert orientations[-1] == 0  # and back to portrait


def test_the_xlsx_has_a_long_table_and_every_sheet_prints_on_a4_fitted_to_width(
    forms_store: EventStore,
) -> None:
    summary = summary_from_store(forms_store, cycle=2024, as_of=AFTER_ALL)
    book = openpyxl.load_workbook(io.BytesIO(render_summary(summary, SummaryFormat.XLSX)))
    assert book.sheetnames == [
        "Сведения",
        "Ключевые показатели",
        "По округам",
        "Показатели по округам",
        "Полнота",
        "Замечания",
        "Пункты формы",
        "Данные",
    ]
    long = book["Данные"]
    assert [c.value for c in long[1]] == [
        "Код субъекта",
        "Субъект",
        "Федеральный округ",
        "Мероприятие",
        "Пункт",
        "Показатель",
        "Год",
        "Значение",
    ]
    assert long.max_row == 1 + len(long_rows(summary))
    for sheet in book:
        assert sheet.print_area, sheet.title
        assert sheet.page_setup.paperSize == 9, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0), sheet.title
    assert long.print_title_rows == "$1:$1"
    assert long.page_setup.orientation == "landscape"
    assert book["Сведения"].page_setup.orientation == "portrait"


def test_findings_json_lists_every_finding_with_stable_keys(
    forms_store: EventStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    done = run_eci(
        ["report", "summary", "--cycle", "2024", "--as-of", AFTER_ALL.isoformat(), "--findings", "--json"],
        capsys,
        monkeypatch,
    )
    assert done.code == 0, done.err
    found = json.loads(done.out)
    keys = {
        "cycle",
        "region",
        "region_name",
        "federal_district",
        "item",
        "part",
        "year",
        "value",
        "compared_with",
        "rule",
        "rule_title",
        "message",
    }
    assert all(set(f) == keys for f in found)
    story = {(f["region"], f["item"], f["rule"]) for f in found}
    assert {
        ("08", "18.1", "year_over_year_jump"),
        ("42", "18.1", "year_over_year_jump"),
        ("17", "5.1.2", "parts_exceed_total"),
        ("87", "5.1", "outlier"),
    } <= story


def test_the_command_refuses_bad_input_with_one_line_and_writes_nothing(
    forms_store: EventStore,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "summary.docx"
    cases = [
        (["--format", "docx"], "это двоичный формат: укажите файл в --out"),
        (["--district", "Атлантида", "--out", str(out)], "неизвестный федеральный округ"),
        (["--json"], "--findings"),
        (["--as-of", "2020-01-01", "--out", str(out)], "дата отчёта 01.01.2020 раньше начала цикла 2024"),
    ]
    for extra, message in cases:
        done = run_eci(["report", "summary", "--cycle", "2024", *extra], capsys, monkeypatch)
        assert done.code != 0
        assert done.err.startswith("eci: error: ")
        assert message in done.err
        assert len(done.err.strip().splitlines()) == 1
    assert not out.exists()
    markdown = run_eci(
        ["report", "summary", "--cycle", "2024", "--as-of", AFTER_ALL.isoformat()], capsys, monkeypatch
    )
    assert markdown.out.startswith(
        "# Сводный отчёт субъектов Российской Федерации о ранней помощи за 2024 год"
    )
    assert "есть у " in markdown.out
