"""The cycle completion report over a store built from real domain events."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from cli_invoke import Outcome, run_eci
from fixtures_reports import Story, at

from domain.actors import COORDINATOR
from domain.documents import DocumentDetails, DocumentKind
from domain.history_import.events import ImportSource, SubmissionImported
from domain.obligation.states import ObligationState
from domain.obligation.status import ObligationStatus
from domain.obligation.timeliness import Timeliness
from reports.catalog_directory import CatalogDirectory
from reports.cycle_report import completion_report, render_cycle_report
from reports.formats import CycleReportFormat
from reports.instants import end_of_day
from reports.source import load_statuses, store_head
from store.documents import DocumentStore
from store.event_store import EventStore
from store.projections import list_statuses
from store.report_queries import projection_state

LATE_DAY = dt.date(2024, 12, 31)


def _row(store: EventStore, oid: str, day: dt.date):  # type: ignore[no-untyped-def]
    report = completion_report(store, CatalogDirectory(), cycle=2023, as_of=day)
    return next(r for r in report.rows if r.obligation_id == oid)


def test_totals_equal_the_projection(story_store: EventStore) -> None:
    report = completion_report(story_store, CatalogDirectory(), cycle=2023, as_of=LATE_DAY)
    projected = list_statuses(story_store, cycle=2023)
    states = Counter(s.state for s in projected)
    assert report.overall.total == len(projected)
    assert report.overall.accepted == states[ObligationState.ACCEPTED]
    assert report.overall.waived == states[ObligationState.WAIVED]
    assert sum(t.total for t in report.by_district) == len(projected)
    assert sum(t.total for t in report.by_section) == len(projected)
    assert sum(t.total for t in report.by_measure) == len(projected)
    assert Counter(r.state for r in report.rows) == states


def test_district_totals_count_each_region_in_its_district(story_store: EventStore) -> None:
    report = completion_report(story_store, CatalogDirectory(), cycle=2023, as_of=LATE_DAY)
    by_label = {t.label: t for t in report.by_district}
    per_region = Counter(r.participant for r in report.rows)
    assert by_label["Центральный федеральный округ"].total == per_region["77"]
    assert by_label["Северо-Западный федеральный округ"].total == per_region["78"]
    assert by_label["Северо-Кавказский федеральный округ"].total == per_region["05"]
    assert list(by_label)[-1] == "Федеральные органы исполнительной власти"


def test_as_of_before_acceptance_shows_the_submission_under_review(story_store: EventStore) -> None:
    before = _row(story_store, "2023/01/77", dt.date(2023, 6, 5))
    after = _row(story_store, "2023/01/77", dt.date(2023, 6, 15))
    assert (before.state, before.accepted_on) == (ObligationState.SUBMITTED, None)
    assert (after.state, after.accepted_on) == (ObligationState.ACCEPTED, dt.date(2023, 6, 10))


def test_as_of_before_the_waiver_shows_the_obligation_open(story_store: EventStore) -> None:
    assert _row(story_store, "2023/02/05", dt.date(2023, 2, 1)).state is ObligationState.OPEN
    assert _row(story_store, "2023/02/05", dt.date(2023, 3, 2)).state is ObligationState.WAIVED


def test_late_and_missing_obligations_count_their_days(story_store: EventStore) -> None:
    late = _row(story_store, "2023/01/78", LATE_DAY)
    resubmitted = _row(story_store, "2023/01/05", LATE_DAY)
    on_time = _row(story_store, "2023/01/77", LATE_DAY)
    assert (late.timeliness, late.days_late) == (Timeliness.LATE, 15)
    assert (resubmitted.timeliness, resubmitted.days_late) == (Timeliness.LATE, 5)
    assert (on_time.timeliness, on_time.days_late) == (Timeliness.ON_TIME, 0)
    missing = _row(story_store, "2023/02/78", LATE_DAY)
    assert missing.timeliness is Timeliness.MISSING
    assert missing.days_late == (LATE_DAY - missing.effective_due).days


def test_rates_follow_the_counts(story_store: EventStore) -> None:
    overall = completion_report(story_store, CatalogDirectory(), cycle=2023, as_of=LATE_DAY).overall
    assert overall.on_time + overall.late + overall.missing + overall.pending == overall.expected
    assert overall.on_time_rate == pytest.approx(overall.on_time / overall.expected)
    assert overall.late == 2


@pytest.mark.parametrize("fmt", [CycleReportFormat.CSV, CycleReportFormat.MD])
def test_text_formats_are_byte_identical_and_state_the_chain_head(
    story_store: EventStore, fmt: CycleReportFormat
) -> None:
    first = render_cycle_report(story_store, CatalogDirectory(), cycle=2023, fmt=fmt, as_of=LATE_DAY)
    second = render_cycle_report(story_store, CatalogDirectory(), cycle=2023, fmt=fmt, as_of=LATE_DAY)
    assert first == second
    assert str(store_head(story_store)).encode() in first


def test_documents_appear_with_kind_number_date_and_issuer(story_store: EventStore) -> None:
    row = _row(story_store, "2023/01/78", LATE_DAY)
    assert [str(d) for d in row.documents] == ["приказ № 78-1 от 15.07.2023 (Правительство 78)"]


def test_xlsx_has_one_sheet_per_view_with_frozen_filtered_headers(
    story_store: EventStore, tmp_path: Path
) -> None:
    data = render_cycle_report(
        story_store, CatalogDirectory(), cycle=2023, fmt=CycleReportFormat.XLSX, as_of=LATE_DAY
    )
    path = tmp_path / "r.xlsx"
    path.write_bytes(data)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Сведения", "Итоги", "По федеральным округам", "По разделам плана", "По мероприятиям",
        "Обязательства", "Динамика выполнения",
    ]
    sheet = book["Обязательства"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["Мероприятие", "Раздел", "Участник"]
    assert "Дней просрочки" in headers
    assert "Документы (вид, номер, дата, орган)" in headers
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["D"].width == 40
    assert sheet.max_row == 1 + len(list_statuses(story_store, cycle=2023))
    assert [c.value for c in book["По федеральным округам"][1]][:2] == ["Группа", "Всего"]


def test_html_is_self_contained_with_an_svg_chart(story_store: EventStore) -> None:
    html = render_cycle_report(
        story_store, CatalogDirectory(), cycle=2023, fmt=CycleReportFormat.HTML, as_of=LATE_DAY
    ).decode()
    assert "<svg" in html
    # the progress chart's two series are drawn as lines (matplotlib names them by their gid)
    assert 'id="progress-series-submitted"' in html
    assert 'id="progress-series-accepted"' in html
    assert "<script" not in html
    assert "src=" not in html
    assert "<link" not in html
    assert "@media print" in html
    assert "По федеральным округам" in html


def test_cli_writes_the_report_and_refuses_binary_to_stdout(
    story_store: EventStore,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "report.xlsx"
    done: Outcome = run_eci(
        ["report", "--cycle", "2023", "--format", "xlsx", "--as-of", "2024-12-31", "--out", str(out)],
        capsys, monkeypatch,
    )
    assert done.code == 0
    assert out.exists()
    refused = run_eci(["report", "--cycle", "2023", "--format", "xlsx"], capsys, monkeypatch)
    assert refused.code != 0
    assert refused.err.startswith("eci: error: ")
    md = run_eci(["report", "--cycle", "2023", "--as-of", "2024-12-31"], capsys, monkeypatch)
    assert md.code == 0
    assert md.out.startswith("# Отчёт о выполнении")


def test_cli_measure_report_covers_every_participant_of_the_measure(
    story_store: EventStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    done = run_eci(["report", "measure", "1", "--cycle", "2023", "--format", "csv"], capsys, monkeypatch)
    assert done.code == 0
    obligations = done.out.split("# Обязательства\n")[1].split("\n\n")[0].splitlines()[1:]
    assert sorted(line.split(",")[2] for line in obligations) == ["05", "77", "78"]


def test_cli_reports_an_empty_cycle_as_an_error(
    story_store: EventStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    done = run_eci(["report", "--cycle", "2025"], capsys, monkeypatch)
    assert done.code != 0
    assert "нет обязательств цикла 2025" in done.err


def test_the_projection_shortcut_equals_the_fold(story_store: EventStore) -> None:
    instant = end_of_day(LATE_DAY)
    projected = load_statuses(story_store, cycle=2023, as_of=instant)
    folded = load_statuses(story_store, cycle=2023, as_of=instant, use_projection=False)
    assert projected == folded
    now = load_statuses(story_store, cycle=2023)
    assert now == load_statuses(story_store, cycle=2023, use_projection=False)
    # the shortcut was really taken: the projection has folded the whole log
    state = projection_state(story_store.engine, story_store.dialect, "obligation/2023/")
    assert state.projection_position == state.head_position > 0


def test_imported_submissions_show_their_document_details(story_store: EventStore, data_dir: Path) -> None:
    details = DocumentDetails(
        kind=DocumentKind.RESOLUTION, number="12-п", date=dt.date(2023, 4, 3), issuer="Кабмин"
    )
    source = ImportSource(file_name="history.csv", file_sha256="a" * 64, line=2)
    event = SubmissionImported(
        obligation_id="2023/03/78", submitted_on=dt.date(2023, 4, 3), documents=(details,), source=source
    )
    Story(story_store, DocumentStore(data_dir / "documents")).record(event, at("2023-04-03"), COORDINATOR)
    row = _row(story_store, "2023/03/78", LATE_DAY)
    assert [str(d) for d in row.documents] == ["постановление № 12-п от 03.04.2023 (Кабмин)"]
    assert _row(story_store, "2023/03/78", dt.date(2023, 4, 1)).documents == ()


def _status(oid: str, doc_date: dt.date, submitted: dt.datetime) -> ObligationStatus:
    from domain.documents import StoredFile, SubmittedDocument
    from domain.obligation.plan import get_obligation

    o = get_obligation(oid)
    details = DocumentDetails(kind=DocumentKind.ORDER, number="5-п", date=doc_date, issuer="Правительство")
    file = StoredFile(sha256="a" * 64, size=1, media_type="application/pdf", filename="p.pdf")
    return ObligationStatus(
        id=oid, cycle=o.cycle, measure=o.measure, participant=o.participant, state=ObligationState.SUBMITTED,
        due=o.due, effective_due=o.effective_due, opened_at=submitted, last_event_at=submitted,
        submitted_at=submitted, documents=(SubmittedDocument(details=details, file=file),),
    )  # fmt: skip


def test_an_order_dated_after_the_implementation_deadline_is_counted_apart_from_late_evidence() -> None:
    from reports.completion import build_completion_report
    from reports.completion_model import ChainHead

    # Measure 3: «IV квартал 2023 года» (31.12.2023, a Sunday: 09.01.2024); reported by 15.04.2024.
    done_late = _status("2023/03/77", dt.date(2024, 2, 20), at("2024-03-01"))
    done_in_time = _status("2023/03/78", dt.date(2024, 1, 9), at("2024-03-01"))
    report = build_completion_report(
        [done_late, done_in_time], cycle=2023, as_of=dt.date(2024, 5, 1), head=ChainHead(1, "0" * 64),
        directory=CatalogDirectory(),
    )  # fmt: skip
    rows = {r.obligation_id: r for r in report.rows}
    assert rows["2023/03/77"].timeliness is Timeliness.ON_TIME
    assert rows["2023/03/77"].implemented_late
    assert rows["2023/03/77"].implementation_due == dt.date(2023, 12, 31)
    assert not rows["2023/03/78"].implemented_late
    assert (report.overall.on_time, report.overall.late, report.overall.implemented_late) == (2, 0, 1)
    md = render_cycle_report_from(report)
    assert "выполнено с нарушением срока" in md


def render_cycle_report_from(report):  # type: ignore[no-untyped-def]
    from reports.completion_views import completion_tables
    from reports.tables import format_cell

    return "\n".join(
        " | ".join(format_cell(v, c.kind) for v, c in zip(row, t.columns, strict=True))
        for t in completion_tables(report) for row in t.rows
    )  # fmt: skip
