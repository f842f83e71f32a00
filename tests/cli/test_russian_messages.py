"""Every message the checks and the actions give a person is Russian: each error path of the form's check
and submission, the obligation actions, the rules behind them and the receipts, run here and read for a
Latin word outside codes, names and hashes.

What may stay Latin: a value the person typed or a name quoted in «ёлочки» (a key, a command), a command
in `backquotes` or a name in 'quotes', a file's path or name, a SHA-256, a workbook's cell (C32) and
sheet (II), an option (--date), a product's name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
import yaml
from cli_invoke import Outcome, run_eci
from fixtures_temporal import free_port, make_terms
from report_form_samples import filled_answers
from report_form_workbook_fill import fill_like_a_person

from domain.actors import Actor
from domain.documents import DocumentDetails, DocumentKind, StoredFile, SubmittedDocument
from domain.errors import DomainError
from domain.intake.events import FormSectionNote
from domain.obligation import rules
from domain.obligation.events import Milestone
from domain.obligation.progress import ObligationProgress
from domain.obligation.requests import ExtendRequest, RetimeRequest, ReviewRequest, SubmitRequest
from domain.obligation.start import deadline_for
from domain.obligation.states import ObligationState
from domain.report_form.forms import report_form_for
from domain.report_form.sheet_layout import build_layout
from eci.intake.receipts import ReceiptView
from notifications.render import render

Eci = Callable[..., Outcome]

# Product and format names a Russian sentence keeps as they are.
NAMES = {"Temporal", "Excel", "XLSX", "YAML", "UTF", "SHA", "CSV", "ZIP", "Office", "ECI_TEMPORAL_ADDRESS"}
_QUOTED = re.compile(r"«[^«»]*»")
_NAMED = re.compile(r"`[^`]*`|'[^']*'")  # a command in backquotes, a name in single quotes
_HASH = re.compile(r"\b[0-9a-f]{12,64}\b")
_CELL = re.compile(r"\b[A-Z]{1,3}\d+\b")
_OPTION = re.compile(r"--[a-z][a-z-]*")
_FILE = re.compile(r"[\w-]+\.(?:yaml|yml|xlsx|pdf|csv|docx)\b")
_ROMAN = re.compile(r"\b(?:I|II|III|IV|V|VI)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


def latin_words(text: str, paths: Iterable[Path] = ()) -> list[str]:
    """The Latin words of a message a person reads, outside what may stay Latin."""
    for path in paths:  # a file's path, up to the colon that ends it
        text = re.sub(re.escape(str(path)) + r"[^\s:]*", " ", text)
    text = text.removeprefix("eci: error: ")
    while _QUOTED.search(text):  # quotes within quotes: innermost first
        text = _QUOTED.sub(" ", text)
    text = _NAMED.sub(" ", text)
    for pattern in (_HASH, _CELL, _OPTION, _FILE, _ROMAN):
        text = pattern.sub(" ", text)
    return [w for w in _WORD.findall(text) if w not in NAMES]


def assert_russian(lines: Iterable[str], paths: Iterable[Path] = ()) -> None:
    """Every line is non-empty and has no Latin word outside codes, names and hashes."""
    lines = list(lines)
    assert lines
    for line in lines:
        assert line.strip()
        assert not latin_words(line, paths), f"Latin in a message: {line!r}"


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


def test_the_detector_finds_english_and_leaves_names_alone(tmp_path: Path) -> None:
    assert latin_words("1.1: must not be empty") == ["must", "not", "be", "empty"]
    assert latin_words("eci: error: the workbook is stale") == ["the", "workbook", "is", "stale"]
    assert not latin_words("5.1.1 (лист II, C32): введено «12 шт»; запустите «eci worker»")
    assert not latin_words(f"{tmp_path}/x.yaml: файла нет; SHA-256 {'ab' * 32}", [tmp_path])


def test_form_check_on_a_workbook_with_typed_mistakes_prints_only_russian_lines_naming_item_and_cell(
    eci: Eci, data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "77.xlsx"
    made = eci("form", "template", "--cycle", "2025", "--region", "77", "--format", "xlsx", "--out", path)
    assert made.code == 0
    layout = build_layout(report_form_for(2025), "77")

    def cell(number: str, *path: object) -> str:
        found = next(c for c in layout.answers if c.number == number and all(p in c.path for p in path))
        return f"{found.at.sheet}!{found.at.ref}"

    mistakes = {
        cell("5.1.1", "health", 2025): "12 шт",  # a number with a unit
        cell("1.3", "answer"): "может быть",  # not да/нет
        cell("1.3", "document", "kind"): "да",  # not a document kind
        cell("2.2", "date"): "вчера",  # not a date
        cell("17.2"): "учёба",  # not one of the drop-down's words
        cell("7.3"): "дорого",  # not an amount
        cell("1.1"): None,  # left blank
    }
    fill_like_a_person(path, 2025, "77", mistakes)
    done = eci("form", "check", path)
    assert done.code == 1
    lines = done.out.splitlines()
    assert len(lines) >= len(mistakes) - 1
    assert_russian(lines, [tmp_path])
    cell_named = re.compile(r"^\d+(\.\d+)*(-\d+(\.\d+)*)? \(лист [IV]+, [A-Z]+\d+\): ")
    assert all(cell_named.match(line) for line in lines), lines
    text = "\n".join(lines)
    assert "ожидается целое число, введено «12 шт»" in text
    assert "выберите одно из: «переподготовка», «повышение квалификации»; введено «учёба»" in text
    assert "дата: ожидается ДД.ММ.ГГГГ, введено «вчера»" in text
    listed = yaml.safe_load(eci("form", "check", path, "--json").out)["problems"]
    assert all(re.fullmatch(r"[a-z_0-9]+", p["code"]) for p in listed)  # a stable English code…
    assert_russian((p["message"] for p in listed), [tmp_path])  # …beside the Russian message


def _yaml(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _form_error_paths(tmp_path: Path) -> list[tuple[str, ...]]:
    """Commands of the form's check, template and submission that fail, one per way of failing."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("cycle: 2023\nregion: '77'\nanswers: [\n", encoding="utf-8")
    twice = tmp_path / "twice.yaml"
    twice.write_text("cycle: 2023\nregion: '77'\nanswers:\n  '1.1': a\n  '1.1': b\n", encoding="utf-8")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("cycle: 2023 # отчёт".encode("cp1251"))
    no_book = tmp_path / "nobook.xlsx"
    no_book.write_bytes(b"PK\x03\x04 not really")
    wrong = filled_answers("77")
    wrong["answers"]["3.2"] = "может быть"
    wrong["answers"]["2.2"] = {"kind": "указ", "number": "", "date": "вчера", "issuer": "x", "extra": 1}
    wrong["answers"]["31.1"] = "x"
    wrong["answers"]["11.1"] = {2023: 4, 2022: 3}
    wrong["answers"]["17.1-17.4"] = [
        {"17.1": "Программа", "17.2": "учёба", "17.3": "", "17.4": -1, "17.9": 1}
    ]
    bad_header = {"cycle": "двадцать", "region": "77", "answers": {}, "extra": 1}
    return [
        ("form", "check", tmp_path / "absent.yaml"),
        ("form", "check", broken),
        ("form", "check", twice),
        ("form", "check", latin1),
        ("form", "check", no_book),
        ("form", "check", _yaml(tmp_path / "wrong.yaml", wrong)),
        ("form", "check", _yaml(tmp_path / "header.yaml", bad_header)),
        ("form", "check", _yaml(tmp_path / "list.yaml", [1, 2])),
        ("form", "check", _yaml(tmp_path / "2031.yaml", {"cycle": 2031, "region": "77", "answers": {}})),
        ("form", "check", _yaml(tmp_path / "77.yaml", filled_answers("77")), "--region", "78"),
        ("form", "check", _yaml(tmp_path / "77b.yaml", filled_answers("77")), "--cycle", "2024"),
        ("form", "template", "--cycle", "2023", "--region", "00"),
        ("form", "template", "--cycle", "2031", "--region", "77"),
        ("form", "template", "--cycle", "2023", "--region", "77", "--format", "xlsx"),
        ("form", "submit", _yaml(tmp_path / "other.yaml", filled_answers("12")), "--as", "region:77"),
        ("form", "submit", _yaml(tmp_path / "auditor.yaml", filled_answers("77")), "--as", "auditor"),
        ("form", "submit", _yaml(tmp_path / "wrong2.yaml", wrong), "--as", "region:77"),
    ]


def _action_error_paths(tmp_path: Path) -> list[tuple[str, ...]]:
    """Obligation actions that fail before they reach a worker (or because no server answers)."""
    order = tmp_path / "prikaz.pdf"
    order.write_bytes(b"%PDF-1.4")
    submit = ("submit", "2026/05/77", "--file", order, "--number", "7-п", "--issuer", "Минздрав")
    return [
        (*submit, "--kind", "приказ", "--date", "31.02.2026"),
        (*submit, "--kind", "указ", "--date", "10.02.2026"),
        (*submit, "--kind", "приказ", "--date", "10.02.2026", "--as", "region:50"),
        (*submit, "--kind", "приказ", "--date", "10.02.2026", "--as", "auditor"),
        (*submit, "--kind", "приказ", "--date", "10.02.2026", "--as", "министр"),
        ("submit", "2026/05/77", "--file", tmp_path / "absent.pdf", "--kind", "приказ", "--number", "7",
         "--date", "10.02.2026", "--issuer", "Минздрав", "--as", "region:77"),
        ("submit", "2026/32/77", "--file", order, "--kind", "приказ", "--number", "7", "--date",
         "10.02.2026", "--issuer", "Минздрав", "--as", "region:77"),
        ("submit", "2026/5", "--file", order, "--kind", "приказ", "--number", "7", "--date", "10.02.2026",
         "--issuer", "Минздрав", "--as", "region:77"),
        ("accept", "2026/05/77", "--as", "region:77"),
        ("return", "2026/05/77", "--reason", " "),
        ("waive", "2026/05/77", "--reason", ""),
        ("extend", "2026/05/77", "--until", "завтра", "--reason", "письмо"),
        ("accept", "2026/20/77"),  # the region owes nothing under measure 20
        ("accept", "2026/05/77"),  # no server answers
        ("status", "--state", "готово"),
        ("status", "--cycle", "1999"),
        ("plan", "show", "32"),
        ("plan", "obligations", "--cycle", "2023", "--region", "99"),
    ]  # fmt: skip


@pytest.mark.usefixtures("every_role")
def test_every_error_path_of_the_form_and_the_actions_is_one_russian_line(
    eci: Eci, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECI_TEMPORAL_ADDRESS", f"127.0.0.1:{free_port()}")  # no server: fail fast
    for args in _form_error_paths(tmp_path) + _action_error_paths(tmp_path):
        done = eci(*args)
        assert done.code != 0, args
        said = [line for line in (done.err + done.out).splitlines() if line.strip()]
        assert said, args
        assert_russian(said, [tmp_path])


def _terms(staged: bool = False):  # type: ignore[no-untyped-def]
    milestones = (Milestone(label="I этап", due=dt.date(2025, 1, 1)),) if staged else ()
    return make_terms(dt.datetime(2025, 1, 1, tzinfo=dt.UTC), milestones=milestones)


def _progress(state: ObligationState, **update: object) -> ObligationProgress:
    opened = ObligationProgress.opening(_terms(), dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    return opened.model_copy(update={"state": state, **update})


def _submit(actor: str = "region:77", milestone: str | None = None) -> SubmitRequest:
    doc = SubmittedDocument(
        details=DocumentDetails(kind=DocumentKind.ORDER, number="1", date=dt.date(2025, 1, 1), issuer="x"),
        file=StoredFile(sha256="a" * 64, size=1, media_type="application/pdf", filename="p.pdf"),
    )
    return SubmitRequest(actor=Actor.parse(actor), documents=(doc,), milestone=milestone)


def test_every_rule_of_the_actions_refuses_in_russian() -> None:
    coordinator, region = Actor.parse("coordinator"), Actor.parse("region:77")
    t, staged = _terms(), _terms(staged=True)
    later = deadline_for(dt.date(2030, 1, 1))
    same = deadline_for(t.deadline.due)
    opened, submitted = _progress(ObligationState.OPEN), _progress(ObligationState.SUBMITTED)
    refusals: list[Callable[[], None]] = [
        lambda: rules.check_submit(t, opened, _submit("auditor")),
        lambda: rules.check_submit(t, opened, _submit("region:50")),
        lambda: rules.check_submit(t, _progress(ObligationState.ACCEPTED), _submit()),
        lambda: rules.check_submit(staged, opened, _submit()),
        lambda: rules.check_submit(staged, opened, _submit(milestone="нет такого")),
        lambda: rules.check_submit(
            staged,
            _progress(ObligationState.SUBMITTED, review_stages=("I этап",)),
            _submit(milestone="I этап"),
        ),
        lambda: rules.check_submit(t, opened, _submit(milestone="I этап")),
        lambda: rules.check_submit(t, submitted, _submit()),
        lambda: rules.check_accept(t, submitted, ReviewRequest(actor=region)),
        lambda: rules.check_accept(t, opened, ReviewRequest(actor=coordinator)),
        lambda: rules.check_accept(staged, submitted, ReviewRequest(actor=coordinator)),
        lambda: rules.check_return(t, opened, ReviewRequest(actor=coordinator, reason="нет подписи")),
        lambda: rules.check_return(t, submitted, ReviewRequest(actor=coordinator, reason=" ")),
        lambda: rules.check_waive(t, opened, ReviewRequest(actor=coordinator)),
        lambda: rules.check_extend(t, opened, ExtendRequest(actor=coordinator, deadline=same, reason="x")),
        lambda: rules.check_retime(t, opened, RetimeRequest(actor=coordinator, deadline=later, reason="x")),
        lambda: rules.check_retime(
            t, _progress(ObligationState.OPEN, extensions=1),
            RetimeRequest(actor=Actor.parse("system"), deadline=later, reason="x"),
        ),
        lambda: Actor.parse("министр"),
    ]  # fmt: skip
    for refuse in refusals:
        with pytest.raises(DomainError) as refused:
            refuse()
        assert re.fullmatch(r"[a-z_0-9]+", refused.value.code)
        assert_russian([str(refused.value)])


def test_receipts_of_a_filed_form_and_of_a_refused_reply_are_russian() -> None:
    file = StoredFile(
        sha256="b" * 64, size=123_456, media_type="application/pdf", filename="forma-2026-77.xlsx"
    )
    filed = ReceiptView(
        accepted=True, message_id="<a1@mos.example>", short_id="b" * 12, obligations=("2026/05/77",),
        files=(file,), form_version=2,
        sections=(
            FormSectionNote(
                measure=5, obligation="2026/05/77", code="submitted", message="представлено на проверку"
            ),
            FormSectionNote(
                measure=20, code="answered_in_form", message="федеральное мероприятие: ответ записан в форме"
            ),
        ),
    )  # fmt: skip
    refused = ReceiptView(
        accepted=False, message_id="<a2@mos.example>", short_id="c" * 12,
        reason="к письму не приложен документ", obligation="2026/05/77",
    )  # fmt: skip
    for view in (filed, refused):
        out = render("intake_receipt", r=view)
        body = [
            line for line in out.text.splitlines() if line.strip() and not line.startswith("Идентификатор")
        ]
        assert_russian([out.subject, *body])
    assert "123\u00a0456 байт" in render("intake_receipt", r=filed).text
