"""Filing the annual form as regions really do: whenever ready, again when corrected, whatever each
obligation's state; the receipt says what became of each section. Through a real worker process."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_invoke import Outcome, run_eci, submit_order
from fixtures_temporal import start_recorded
from report_form_samples import filled_answers

from config.settings import load_settings
from domain.obligation.id import ObligationId
from domain.obligation.plan import obligations_for_cycle
from domain.obligation.start import terms_for
from store.event_store import EventStore
from store.projections import get_status

Eci = Callable[..., Outcome]


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _filed(outcome: Outcome) -> dict[str, Any]:
    assert outcome.code == 0, outcome.err
    data: dict[str, Any] = json.loads(outcome.out)
    return data


def _by_measure(filing: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {item["measure"]: item for item in filing["items"]}


def _stream_types(stream: str) -> list[str]:
    with EventStore.open(load_settings().effective_database_url) as store:
        return [r.type for r in store.read_stream(stream)]


# Workflow ids are global on the session's dev server: these tests take regions (42, 43, 44) no other test
# starts obligations of.


def test_a_2026_form_from_a_region_with_accepted_and_reviewed_obligations_is_filed_section_by_section(
    eci: Eci, worker_env: dict[str, str], tmp_path: Path
) -> None:
    start_recorded(*(terms_for(o) for o in obligations_for_cycle(2026, region="42")))
    # Measure 2 accepted, measure 4 under review, measure 7 returned; the rest open.
    for oid in ("2026/02/42", "2026/04/42", "2026/07/42"):
        assert submit_order(eci, oid, "42", tmp_path).code == 0
    assert eci("accept", "2026/02/42").code == 0
    assert eci("return", "2026/07/42", "--reason", "нет подписи").code == 0

    form = _write(tmp_path / "42-2026.yaml", filled_answers("42", 2026))
    filing = _filed(eci("form", "submit", form, "--as", "region:42", "--json"))
    assert (filing["code"], filing["version"]) == ("form_recorded", 1)
    assert (filing["cycle"], filing["region"]) == (2026, "42")
    items = _by_measure(filing)
    assert items[2]["code"] == "recorded_beside_accepted"
    assert items[2]["state"] == "accepted"
    assert items[4]["code"] == "replaced_under_review"
    assert items[4]["state"] == "submitted"
    assert items[7]["code"] == "submitted"
    assert items[5]["code"] == "submitted"
    assert items[1]["code"] == "not_owed_this_cycle"  # «II квартал 2023 года»: reported in 2023
    for federal in (15, 20, 29):  # answered in the form; the region owes nothing under them
        assert (items[federal]["code"], items[federal]["obligation"]) == ("answered_in_form", None)
    assert all(i["message"] for i in filing["items"])

    # The accepted obligation keeps its acceptance; the newer answer is recorded beside it.
    with EventStore.open(load_settings().effective_database_url) as store:
        accepted = get_status(store, ObligationId.parse("2026/02/42"))
        reviewed = get_status(store, ObligationId.parse("2026/04/42"))
    assert accepted is not None
    assert reviewed is not None
    assert accepted.state.value == "accepted"
    assert (accepted.revisions, accepted.revised_form_version) == (1, 1)
    assert _stream_types("obligation/2026/02/42")[-1] == "AnswerRevised"
    assert (reviewed.state.value, reviewed.submissions) == ("submitted", 2)


def test_the_receipt_names_the_version_and_each_section_in_russian(
    eci: Eci, worker_env: dict[str, str], tmp_path: Path
) -> None:
    start_recorded(*(terms_for(o) for o in obligations_for_cycle(2026, region="43")))
    form = _write(tmp_path / "43-2026.yaml", filled_answers("43", 2026))
    text = eci("form", "submit", form, "--as", "region:43")
    assert text.code == 0, text.err
    lines = text.out.splitlines()
    assert lines[0].startswith("Форма отчёта субъекта 43 за 2026 год записана: версия 1; файл 43-2026.yaml")
    assert "  раздел 7 (пп. 7.1–7.4), обязательство 2026/07/43: представлено на проверку" in text.out
    assert "раздел 20 (пп. 20.1–20.3): федеральное мероприятие" in text.out
    assert len(lines) == 1 + 27  # the heading, then every section of the form
    assert "раздел 1 (пп. 1.1–1.5): мероприятие с однократным сроком" in text.out


def test_the_same_form_again_changes_nothing_and_a_corrected_one_is_the_next_version(
    eci: Eci, worker_env: dict[str, str], tmp_path: Path
) -> None:
    start_recorded(*(terms_for(o) for o in obligations_for_cycle(2023, region="44")))
    answers = filled_answers("44", 2023)
    form = _write(tmp_path / "44.yaml", answers)
    first = _filed(eci("form", "submit", form, "--as", "region:44", "--json"))
    again = _filed(eci("form", "submit", form, "--as", "region:44", "--json"))
    assert again["version"] == first["version"] == 1
    assert {i["code"] for i in again["items"]} == {"unchanged", "answered_in_form"}
    assert _stream_types("form/2023/44") == ["ReportFormSubmitted"]

    answers["answers"]["1.1"] = "Исправленная редакция: проведены совещания и обучение."
    fixed = _write(tmp_path / "44-v2.yaml", answers)
    corrected = _filed(eci("form", "submit", fixed, "--as", "region:44", "--json"))
    assert corrected["version"] == 2
    assert corrected["message"].endswith("версия 2 (заменяет версию 1)")
    assert _by_measure(corrected)[1]["code"] == "replaced_under_review"
    assert _stream_types("form/2023/44") == ["ReportFormSubmitted", "ReportFormSubmitted"]

    report = eci("report", "region", "44", "--cycle", "2023", "--format", "md")
    assert report.code == 0, report.err
    assert "Исправленная редакция" in report.out
    assert "версия 2" in report.out
    assert "версия 1" in report.out  # the history of versions


def test_a_form_failing_its_checks_is_refused_whole(
    eci: Eci, worker_env: dict[str, str], tmp_path: Path
) -> None:
    answers = filled_answers("01", 2023)
    del answers["answers"]["1.1"]
    result = eci("form", "submit", _write(tmp_path / "bad.yaml", answers), "--as", "region:01")
    assert result.code == 2
    assert result.err.startswith("eci: error: ")
    assert _stream_types("form/2023/01") == []
