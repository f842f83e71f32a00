"""The obligation actions on the command line: one-line errors, fast failure without server or worker,
and submit → status through a real worker process."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_invoke import Outcome, run_eci, submit_order
from fixtures_identity import TESTER_NAME
from fixtures_temporal import free_port, make_terms, start_recorded
from report_form_samples import filled_answers
from report_form_workbook_fill import fill_like_a_person

from domain.obligation.plan import obligations_for_cycle
from domain.obligation.start import terms_for
from eci.identity.principal import os_login
from eci.runtime.devserver import DevServer

Eci = Callable[..., Outcome]

STATUS_KEYS = {
    "id", "cycle", "measure", "participant", "state", "due", "effective_due", "submitted_at", "accepted_at",
    "documents", "has_contact",
}  # fmt: skip


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


def test_without_a_server_an_action_says_how_to_start_one_within_seconds(
    eci: Eci, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECI_TEMPORAL_ADDRESS", f"127.0.0.1:{free_port()}")
    began = time.monotonic()
    result = eci("accept", "2025/05/77")
    assert result.code == 3
    assert result.err.startswith("eci: error: нет сервера Temporal по адресу")
    assert "eci up" in result.err
    assert result.err.count("\n") == 1
    assert time.monotonic() - began < 5


def test_without_a_worker_an_action_says_how_to_start_one(eci: Eci, temporal_env: str) -> None:
    result = eci("waive", "2025/05/77", "--reason", "не применяется")
    assert result.code == 3
    assert f"очередь задач {temporal_env!r}" in result.err
    assert "eci worker" in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2025-13-01", "--kind", "order"], "--date: ожидается дата ДД.ММ.ГГГГ"),
        (["--date", "2025-02-01", "--kind", "decree"], "неизвестный вид документа «decree»"),
        (["--date", "2025-02-01", "--kind", "order", "--as", "region:50"], "регион 50 не может представлять"),
        (["--date", "2025-02-01", "--kind", "order", "--as", "auditor"], "аудитор ничего не изменяет"),
    ],
)
@pytest.mark.usefixtures("every_role")
def test_bad_submissions_fail_in_one_line_before_reaching_the_server(
    eci: Eci, data_dir: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    doc = tmp_path / "doc.pdf"
    doc.write_bytes(b"%PDF")
    result = eci("submit", "2025/05/77", "--file", doc, "--number", "1", "--issuer", "Минздрав", *args)
    assert result.code == 2
    assert message in result.err
    assert result.err.count("\n") == 1
    assert not (data_dir / "documents").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--measure", "40"], "неизвестное мероприятие 40"),
        (["--cycle", "1999"], "отчётный год 1999 вне Плана"),
        (["--region", "99"], "неизвестный субъект «99»"),
        (["--region", "Минфин"], "неизвестный участник «Минфин»"),
    ],
)
def test_status_filters_naming_nothing_in_the_plan_fail_in_one_line(
    eci: Eci, data_dir: Path, args: list[str], message: str
) -> None:
    result = eci("status", *args)
    assert result.code == 2
    assert result.err.startswith(f"eci: error: {message}")
    assert result.err.count("\n") == 1


@pytest.mark.usefixtures("every_role")
def test_review_actions_belong_to_the_coordinator(eci: Eci, data_dir: Path) -> None:
    result = eci("accept", "2025/05/77", "--as", "region:77")
    assert result.code == 2
    assert "только координатор может принять документы" in result.err


@pytest.mark.parametrize(
    ("obligation", "message"),
    [
        (
            "2027/06/77",
            "обязательства 2027/06/77 в Плане нет: участник «77» не исполняет мероприятие 6 в 2027 году",
        ),
        (
            "2027/08/77",
            "обязательство 2027/08/77 не открыто: откройте его цикл командой «eci cycle open 2027»",
        ),
    ],
)
def test_an_action_without_a_workflow_says_whether_the_plan_has_the_obligation(
    eci: Eci, worker_env: dict[str, str], obligation: str, message: str
) -> None:
    result = eci("waive", obligation, "--reason", "выполнено в рамках другого мероприятия")
    assert result.code == 2
    assert result.err == f"eci: error: {message}\n"


def test_an_action_on_an_imported_closed_obligation_says_it_is_closed(
    eci: Eci, worker_env: dict[str, str], tmp_path: Path
) -> None:
    history = tmp_path / "history.csv"
    history.write_text(
        "obligation,state,document_kind,document_number,document_date,document_issuer,submitted_on,accepted_on\n"
        "2023/05/77,accepted,order,12-п,2024-02-10,Департамент,2024-02-12,2024-02-20\n",
        encoding="utf-8",
    )
    assert eci("import", history).code == 0
    result = eci("accept", "2023/05/77")
    assert result.code == 2
    closed = "обязательство 2023/05/77 закрыто (принято или освобождено): изменить ничего нельзя"
    assert result.err == f"eci: error: {closed}\n"


def test_submitted_document_shows_in_status(
    eci: Eci, worker_env: dict[str, str], tmp_path: Path, temporal_server: DevServer
) -> None:
    terms = make_terms(dt.datetime.now(dt.UTC), measure=9)
    start_recorded(terms)
    submitted = submit_order(
        eci, terms.obligation_id, "77", tmp_path, date="2025-02-01", issuer="Минтруд Москвы"
    )
    assert submitted.code == 0, submitted.err
    assert submitted.out == f"{terms.obligation_id}: на проверке (срок {terms.deadline.due:%d.%m.%Y})\n"

    # Test obligations live in cycles beyond the plan (3001…), which `--cycle` refuses: filter otherwise.
    mine = ("--measure", "9", "--region", "77")

    def listed() -> dict[str, Any]:
        items = yaml.safe_load(eci("status", *mine, "--json").out)
        [item] = [i for i in items if i["id"] == terms.obligation_id]
        return item

    item = listed()
    assert set(item) == STATUS_KEYS
    assert item["state"] == "submitted"
    assert item["documents"][0]["details"]["number"] == "7-п"
    assert dt.datetime.fromisoformat(item["submitted_at"]).tzinfo is not None
    assert item["has_contact"] is False, "no contacts were imported: the obligation is flagged"
    [row] = [line for line in eci("status", *mine).out.splitlines() if terms.obligation_id in line]
    assert "нет контакта" in row

    contacts = tmp_path / "contacts.csv"
    contacts.write_text("participant,role,full_name,email\n77,responsible,Ответственный,resp@example.org\n")
    assert eci("contacts", "import", contacts).code == 0
    assert listed()["has_contact"] is True


def test_a_report_form_becomes_submissions_on_the_regions_obligations(
    eci: Eci, worker_env: dict[str, str], tmp_path: Path
) -> None:
    answers = filled_answers()
    form = tmp_path / "77.yaml"
    form.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    start_recorded(*(terms_for(o) for o in obligations_for_cycle(2023, region="77")))

    result = eci("form", "submit", form, "--as", "region:77")
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if "обязательство 2023/" in line]
    assert len(lines) == len(obligations_for_cycle(2023, region="77"))
    assert all(line.endswith("на проверке)") for line in lines)
    # The same file again is the same filing: nothing changes (a corrected form is the next version).
    again = eci("form", "submit", form, "--as", "region:77")
    assert again.code == 0, again.err
    assert all(
        line.endswith("без изменений (состояние: на проверке)")
        for line in again.out.splitlines() if "обязательство 2023/" in line
    )  # fmt: skip
    history = eci("audit", "history", "form/2023/77", "--json")
    assert history.code == 0, history.err
    assert [e["type"] for e in json.loads(history.out)] == ["ReportFormSubmitted"]
    region_report = eci("report", "region", "77", "--cycle", "2023", "--format", "md")
    assert region_report.code == 0, region_report.err
    assert "1.1" in region_report.out
    assert f"представил: {TESTER_NAME} ({os_login()})" in region_report.out, "the report names the person"


def test_a_workbook_filled_in_excel_is_submitted_and_its_answers_reach_the_region_report(
    eci: Eci, worker_env: dict[str, str], tmp_path: Path
) -> None:
    form = tmp_path / "78.xlsx"
    done = eci("form", "template", "--cycle", "2023", "--region", "78", "--format", "xlsx", "--out", form)
    assert done.code == 0, done.err
    fill_like_a_person(form, 2023, "78")
    start_recorded(*(terms_for(o) for o in obligations_for_cycle(2023, region="78")))

    result = eci("form", "submit", form, "--as", "region:78")
    assert result.code == 0, result.err
    assert result.out
    owed = [line for line in result.out.splitlines() if "обязательство 2023/" in line]
    assert owed
    assert all(line.endswith("на проверке)") for line in owed)
    region_report = eci("report", "region", "78", "--cycle", "2023", "--format", "md")
    assert region_report.code == 0, region_report.err
    assert "Проведены совещания рабочей группы" in region_report.out
    assert "1\u00a0234" in region_report.out  # numbers as people write them: «1 234»
