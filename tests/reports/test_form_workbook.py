"""The report form as an Excel workbook: written for a region and year, filled as a person types, read back.

Seed `000_…` (the regions' annual report form) is one report for the year; the workbook holds every
item of it, one sheet per plan section, and reads back into the same answers a YAML file gives.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_invoke import Outcome, run_eci
from openpyxl import load_workbook
from report_form_workbook_fill import fill_like_a_person

from domain.actors import Actor
from domain.eventing.metadata import EventMetadata
from domain.report_form.answers import CountsAnswer, YesNoDocumentAnswer
from domain.report_form.events import ReportFormSubmitted, form_stream
from domain.report_form.forms import report_form_for
from domain.report_form.sheet_layout import build_layout
from eci.form.files import load_answers
from reports.form_workbook import META_SHEET
from store.event_store import EventStore, NewEvent

Eci = Callable[..., Outcome]


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


def _template(eci: Eci, path: Path, cycle: int = 2025, region: str = "77") -> Path:
    done = eci("form", "template", "--cycle", cycle, "--region", region, "--format", "xlsx", "--out", path)
    assert done.code == 0, done.err
    return path


def test_the_workbook_has_a_sheet_per_plan_section_with_protected_labels_and_typed_cells(
    eci: Eci, data_dir: Path, tmp_path: Path
) -> None:
    book = load_workbook(_template(eci, tmp_path / "77.xlsx"))
    assert book.sheetnames[:6] == ["I", "II", "III", "IV", "V", "VI"]
    assert book[META_SHEET].sheet_state == "hidden"
    layout = build_layout(report_form_for(2025), "77")
    sheet = book["II"]
    assert sheet.protection.sheet, "labels are protected"
    assert "за 2025 год" in str(sheet["A1"].value)
    assert "2023" not in str(sheet["A1"].value)
    [item] = [c for c in sheet["A"] if c.value == "5.1.1"]
    assert sheet.cell(item.row, 2).protection.locked, "the wording cannot be typed over"
    first = next(c for c in layout.answers if c.number == "5.1.1")
    answer = sheet[first.at.ref]
    assert not answer.protection.locked
    assert answer.number_format == "#,##0"
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    yes_no = next(c for c in layout.answers if c.at.sheet == "II" and c.type.value == "yes_no")
    assert any(yes_no.at.ref in v.sqref for v in lists), "да/нет is a drop-down"
    numbers = [v for v in sheet.data_validations.dataValidation if v.type == "whole"]
    assert any(first.at.ref in v.sqref for v in numbers)


def test_a_workbook_filled_as_a_person_types_checks_ok_and_gives_typed_answers(
    eci: Eci, data_dir: Path, tmp_path: Path
) -> None:
    path = _template(eci, tmp_path / "77.xlsx")
    fill_like_a_person(path, 2025, "77")
    done = eci("form", "check", path)
    assert done.code == 0, done.out + done.err
    assert done.out.startswith("Проверено: 77.xlsx: форма за 2025 год, субъект 77")
    answers = load_answers(path)
    counts = answers.items["5.1.1"]
    assert isinstance(counts, CountsAnswer)
    assert counts.parts["health"] == {2025: 1234, 2024: 1234}, "«1 234» is a number"
    found = [a for a in answers.items.values() if isinstance(a, YesNoDocumentAnswer) and a.document]
    assert found
    assert found[0].answer is True, "«Да» is yes"
    assert found[0].document is not None
    assert found[0].document.date == dt.date(2027, 2, 10)


@pytest.mark.usefixtures("every_role")
def test_each_problem_names_its_item_and_cell(eci: Eci, data_dir: Path, tmp_path: Path) -> None:
    path = _template(eci, tmp_path / "77.xlsx")
    layout = build_layout(report_form_for(2025), "77")
    first = next(c for c in layout.answers if c.number == "5.1.1")
    fill_like_a_person(path, 2025, "77", {f"{first.at.sheet}!{first.at.ref}": "двенадцать"})
    done = eci("form", "check", path)
    assert done.code == 1
    assert done.out.splitlines() == [
        f"5.1.1 (лист {first.at.sheet}, {first.at.ref}): "
        "Здравоохранение: 2025: ожидается целое число, введено «двенадцать»"
    ]
    listed = json.loads(eci("form", "check", path, "--json").out)["problems"]
    assert listed == [
        {
            "item": "5.1.1",
            "code": "not_whole_number",
            "message": "Здравоохранение: 2025: ожидается целое число, введено «двенадцать»",
            "sheet": "II",
            "cell": first.at.ref,
        }
    ]
    refused = eci("form", "submit", path, "--as", "region:77")
    assert refused.code == 2
    assert f"5.1.1 (лист II, {first.at.ref})" in refused.err


@pytest.mark.usefixtures("every_role")
def test_a_workbook_of_another_region_or_year_is_refused(eci: Eci, data_dir: Path, tmp_path: Path) -> None:
    other = _template(eci, tmp_path / "12.xlsx", region="12")
    fill_like_a_person(other, 2025, "12")
    done = eci("form", "submit", other, "--as", "region:77")
    assert done.code == 2
    assert "регион 77 не может представить форму субъекта 12" in done.err
    assert (
        eci("form", "check", other, "--region", "77")
        .err.strip()
        .endswith("книга — форма субъекта 12, а не 77")
    )
    last_year = _template(eci, tmp_path / "2024.xlsx", cycle=2024)
    assert (
        "книга — форма за 2024 год, а не за 2025" in eci("form", "check", last_year, "--cycle", 2025).err
    )

    # A workbook whose hidden sheet was edited to pass for another year or region is refused by its digest.
    for row, value in ((3, 2025), (4, "77")):
        book = load_workbook(last_year if row == 3 else other)
        book[META_SHEET].cell(row, 2).value = value
        book.save(tmp_path / "edited.xlsx")
        refused = eci("form", "check", tmp_path / "edited.xlsx")
        assert refused.code == 2
        assert "книга сделана не по действующему шаблону" in refused.err
        assert refused.err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"PK\x03\x04 not really", "это не книга XLSX"),
        (b"", "это не книга XLSX"),
    ],
)
def test_a_file_that_is_no_workbook_is_one_error_line(
    eci: Eci, data_dir: Path, tmp_path: Path, content: bytes, error: str
) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(content)
    done = eci("form", "check", path)
    assert done.code == 2
    assert error in done.err
    assert done.err.count("\n") == 1


def test_an_archive_bomb_is_refused_by_its_directory(eci: Eci, data_dir: Path, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 150_000_000)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 1_000_000
    done = eci("form", "check", path)
    assert done.code == 2
    assert "архив распаковывается в 150 МБ" in done.err


def test_a_workbook_without_the_hidden_sheet_is_refused(eci: Eci, data_dir: Path, tmp_path: Path) -> None:
    path = _template(eci, tmp_path / "77.xlsx")
    book = load_workbook(path)
    del book[META_SHEET]
    book.save(path)
    done = eci("form", "check", path)
    assert done.code == 2
    assert "нет скрытого листа «_eci»" in done.err


def _file_2024(store: EventStore, filled: Path) -> None:
    answers = load_answers(filled)
    event = ReportFormSubmitted(
        obligation_id=form_stream(2024, "77"),
        cycle=2024,
        region="77",
        filed_on=dt.date(2025, 4, 1),
        answers=answers,
    )
    meta = EventMetadata.for_actor(Actor.parse("region:77"))
    when = dt.datetime(2025, 4, 1, 9, tzinfo=dt.UTC)
    store.append(form_stream(2024, "77"), [NewEvent(event, uuid.uuid4(), meta, when)])


def test_last_years_standing_answers_are_prefilled_and_the_years_work_is_not(
    eci: Eci, data_dir: Path, tmp_path: Path
) -> None:
    from config.settings import load_settings

    last_year = _template(eci, tmp_path / "2024.xlsx", cycle=2024)
    fill_like_a_person(last_year, 2024, "77")
    with EventStore.open(load_settings().effective_database_url) as store:
        _file_2024(store, last_year)
    done = eci(
        "form", "template", "--cycle", 2025, "--region", 77, "--format", "xlsx", "--out", tmp_path / "f.xlsx"
    )
    assert done.code == 0, done.err
    assert "подставлено ответов за 2024 год" in done.err
    layout = build_layout(report_form_for(2025), "77")
    book = load_workbook(tmp_path / "f.xlsx")
    cells = {(c.number, c.path): book[c.at.sheet][c.at.ref].value for c in layout.answers}
    assert cells[("5.1.1", ("health", 2024))] == 1234, (
        "last year's reporting year is this form's comparison year"
    )
    assert cells[("5.1.1", ("health", 2025))] is None, "this year's figure is the region's to give"
    assert cells[("1.1", ())] is None, "the year's account starts blank"
    yes_no = next(c for c in layout.answers if c.type.value == "yes_no" and not c.path)
    assert cells[(yes_no.number, ())] == "да"
    assert "Зелёные ячейки" in str(book["I"]["A4"].value)
