"""The region report: every form item in the form's order, answers readable, dynamics computed."""

from __future__ import annotations

import io
import re

import pytest
from report_form_samples import filled_answers

from domain.report_form.answers import CountsAnswer, FormAnswers
from domain.report_form.check import answers_from_data
from domain.report_form.forms import FORM_2023
from reports.completion_model import ChainHead
from reports.formats import RegionReportFormat
from reports.region_render import render_region
from reports.region_report import ItemAnswer, RegionReport, TableAnswer, build_region_report

HEAD = ChainHead(42, "ab" * 32)
_ITEM = re.compile(r"\*\*(\d+(?:\.\d+)+)\*\*|\| (\d+(?:\.\d+)+) [^|]")


def _report(answers: FormAnswers | None) -> RegionReport:
    return build_region_report(
        FORM_2023, answers.items if answers else {}, region="77", region_name="Москва",
        federal_district="Центральный федеральный округ", head=HEAD, submission=None,
    )


def _numbers_in(markdown: str) -> list[str]:
    return [a or b for a, b in _ITEM.findall(markdown)]


@pytest.fixture(scope="module")
def answers() -> FormAnswers:
    return answers_from_data(filled_answers("77"))


def test_markdown_lists_every_form_item_in_order(answers: FormAnswers) -> None:
    markdown = render_region(_report(answers), RegionReportFormat.MD).decode()
    assert _numbers_in(markdown) == [item.number for item in FORM_2023.items]


def test_an_unanswered_form_still_shows_every_item(answers: FormAnswers) -> None:
    markdown = render_region(_report(None), RegionReportFormat.MD).decode()
    assert _numbers_in(markdown) == [item.number for item in FORM_2023.items]
    assert "нет ответа" in markdown


def test_counts_carry_the_year_over_year_dynamics(answers: FormAnswers) -> None:
    counts_item = next(i for i in FORM_2023.items if i.kind == "counts" and not i.parts)
    changed = dict(answers.items)
    changed[counts_item.number] = CountsAnswer(values={2023: 15, 2022: 10})
    report = _report(answers.model_copy(update={"items": changed}))
    entries = (e for s in report.sections for e in s.entries)
    entry = next(e for e in entries if getattr(e, "number", "") == counts_item.number)
    assert isinstance(entry, ItemAnswer)
    assert [(d.current, d.previous, d.change) for d in entry.dynamics] == [(15, 10, 5)]
    markdown = render_region(report, RegionReportFormat.MD).decode()
    assert "2023 — 15, 2022 — 10, изменение +5 (+50,0 %)" in markdown


def test_yes_no_documents_are_spelled_out(answers: FormAnswers) -> None:
    report = _report(answers)
    entry = next(e for e in report.sections[0].entries if isinstance(e, ItemAnswer) and e.number == "1.3")
    assert entry.lines[0] == "Да"
    assert entry.lines[1].startswith("Документ: приказ № 123-п от 01.03.2023, Министерство социальной защиты")


def test_tables_keep_their_columns_in_order(answers: FormAnswers) -> None:
    tables = [e for s in _report(answers).sections for e in s.entries if isinstance(e, TableAnswer)]
    assert [t.key for t in tables] == [t.key for t in FORM_2023.tables]
    assert all(t.numbers == tuple(c.number for c in FORM_2023.table(t.key).columns) for t in tables)


def test_docx_holds_every_item_in_order(answers: FormAnswers) -> None:
    from docx import Document

    data = render_region(_report(answers), RegionReportFormat.DOCX)
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for cell in table.rows[0].cells)
    found = [t.split(" ")[0] for t in texts if re.match(r"^\d+(\.\d+)+ ", t)]
    # paragraphs come before tables in python-docx's listing, so compare as sets and the paragraph order
    assert set(found) == {item.number for item in FORM_2023.items}
    numbered = (p.text for p in document.paragraphs if re.match(r"^\d+(\.\d+)+ ", p.text))
    paragraphs = [t.split(" ")[0] for t in numbered]
    assert paragraphs == [i.number for i in FORM_2023.items if not i.table]


def test_html_is_printable_and_states_the_head(answers: FormAnswers) -> None:
    html = render_region(_report(answers), RegionReportFormat.HTML).decode()
    assert str(HEAD) in html
    assert "<script" not in html
    assert html.index("<b>1.1</b>") < html.index("<b>14.1</b>") < html.index("<b>30.4</b>")
