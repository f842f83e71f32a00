"""Regions submit by replying to the tracker's mail: a verified reply is a submission with a receipt;
anything else is quarantined, with a receipt where the sender is known, and nothing on the obligation."""

from __future__ import annotations

import io
import zipfile

import pytest
from fixtures_intake import (
    DETAILS,
    INTAKE_ADDRESS,
    OFFICIAL,
    OTHER_REGION,
    PDF,
    fresh_obligation,
    open_obligations,
    receipts_in,
    reply,
)

from domain.intake.events import QuarantineReason
from domain.intake.record import IntakeOutcome
from domain.obligation.events import DocumentSubmitted
from domain.obligation.id import ObligationId


def _submissions(intake, oid: str) -> list:
    return [
        r
        for r in intake.store.read_stream(ObligationId.parse(oid).workflow_id)
        if r.type == "DocumentSubmitted"
    ]


async def test_a_reply_with_a_document_is_submitted_for_review_and_receipted(intake, receipts) -> None:
    oid = fresh_obligation()
    await open_obligations(oid)
    raw = reply(oid)
    record = await intake.receive(raw, [])
    assert record.outcome is IntakeOutcome.SUBMITTED
    assert record.obligations == (oid,)
    [submitted] = _submissions(intake, oid)
    assert isinstance(submitted.event, DocumentSubmitted)
    assert submitted.metadata.actor == "region:12"
    assert submitted.metadata.mail is not None
    assert submitted.metadata.mail.sender == OFFICIAL
    assert submitted.metadata.mail.sha256 == record.sha256
    assert submitted.event.documents[0].details.number == "12-п"
    assert intake.files.read(record.sha256) == raw, "the message is stored exactly as it arrived"
    [receipt] = receipts_in(receipts)
    assert receipt["To"].addresses[0].addr_spec == OFFICIAL
    assert receipt["In-Reply-To"] == record.message_id, "the receipt is threaded under the reply"
    assert receipt["References"] == record.message_id
    body = receipt.get_body(("plain",)).get_content()
    assert "на проверку" in body
    assert oid in body
    assert "prikaz-12-p.pdf" in body
    assert submitted.event.documents[0].file.sha256 in body


async def test_the_same_message_delivered_twice_changes_nothing(intake, receipts) -> None:
    oid = fresh_obligation()
    await open_obligations(oid)
    raw = reply(oid)
    first = await intake.receive(raw, [])
    events = len(intake.store.read_stream(f"intake/{first.sha256}"))
    again = await intake.receive(raw, [])
    assert again.outcome is IntakeOutcome.SUBMITTED
    assert len(_submissions(intake, oid)) == 1
    assert len(intake.store.read_stream(f"intake/{first.sha256}")) == events
    assert len(receipts_in(receipts)) == 1


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 120_000_000)
    return buffer.getvalue()


_EXE = (("prikaz.exe", b"MZ\x90\x00", "application/octet-stream"),)
_FAKE_PDF = (("prikaz.pdf", b"<html>", "application/pdf"),)
_BOMB = (("prikaz.docx", _bomb(), "application/octet-stream"),)
_BAD_DATE = DETAILS.replace("10.02.2026", "10 февраля")
Q = QuarantineReason
CASES = {
    "unknown_sender": (dict(sender="stranger@spam.example"), Q.UNKNOWN_SENDER, False),
    "forged_token": (dict(token_for="someone@mari.example"), Q.BAD_TOKEN, True),
    "no_token": (dict(to=INTAKE_ADDRESS), Q.NO_TOKEN, True),
    "wrong_participant": (dict(sender=OTHER_REGION), Q.WRONG_PARTICIPANT, True),
    "no_attachment": (dict(attachments=()), Q.NO_ATTACHMENT, True),
    "missing_details": (dict(text="Документ во вложении."), Q.BAD_DETAILS, True),
    "malformed_details": (dict(text=_BAD_DATE), Q.BAD_DETAILS, True),
    "exe": (dict(attachments=_EXE), Q.BAD_ATTACHMENT, True),
    "pdf_that_is_not": (dict(attachments=_FAKE_PDF), Q.BAD_ATTACHMENT, True),
    "archive_bomb": (dict(attachments=_BOMB), Q.ARCHIVE_BOMB, True),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_each_bad_reply_is_quarantined_with_nothing_on_the_obligation(
    intake, receipts, case: str
) -> None:
    oid = fresh_obligation()
    await open_obligations(oid)
    kwargs, code, receipted = CASES[case]
    record = await intake.receive(reply(oid, **kwargs), [])
    assert record.outcome is IntakeOutcome.QUARANTINED
    assert record.code is code
    assert _submissions(intake, oid) == []
    sent = receipts_in(receipts)
    assert len(sent) == (1 if receipted else 0), "strangers get no mail"
    if receipted:
        body = sent[0].get_body(("plain",)).get_content()
        assert "не зарегистрировано" in body
        assert record.reason in body


async def test_an_obligation_already_under_review_takes_no_second_reply(intake, receipts) -> None:
    oid = fresh_obligation()
    await open_obligations(oid)
    assert (await intake.receive(reply(oid), [])).outcome is IntakeOutcome.SUBMITTED
    second = await intake.receive(reply(oid), [])
    assert second.code is QuarantineReason.NOT_ACCEPTING
    assert "уже на проверке" in (second.reason or "")
    assert len(_submissions(intake, oid)) == 1


@pytest.mark.parametrize(
    "raw",
    [
        b"From: \xff\xfe<broken@mari.example>\r\nTo: x@y\r\n\r\nbody",
        b"From: ivanova@mari.example\r\nContent-Type: multipart/mixed\r\n\r\nno boundary at all",
        b"\x00\x01\x02 not a message",
    ],
)
async def test_malformed_mail_is_quarantined_never_dropped(intake, receipts, raw: bytes) -> None:
    record = await intake.receive(raw, [])
    assert record.outcome is IntakeOutcome.QUARANTINED
    assert record.code in (QuarantineReason.MALFORMED, QuarantineReason.NO_TOKEN)
    assert intake.files.read(record.sha256) == raw


async def test_a_message_over_the_size_limit_is_quarantined(
    intake_env, running_worker, receipts, monkeypatch
) -> None:
    from config.settings import load_settings
    from eci.intake.pipeline import Intake

    monkeypatch.setenv("ECI_INTAKE_MAX_BYTES", "5000")
    small = Intake(load_settings())
    try:
        oid = fresh_obligation()
        record = await small.receive(
            reply(oid, attachments=(("big.pdf", PDF + b"1" * 10_000, "application/pdf"),)), []
        )
    finally:
        await small.aclose()
    assert record.code is QuarantineReason.TOO_LARGE
    assert len(receipts_in(receipts)) == 1


async def test_a_report_form_workbook_attached_to_a_reply_is_submitted_to_the_regions_obligations(
    intake, receipts, tmp_path, capsys, monkeypatch
) -> None:
    import asyncio

    from cli_invoke import run_eci
    from fixtures_intake import FORM_OFFICIAL
    from report_form_workbook_fill import fill_like_a_person

    from domain.obligation.plan import obligations_for_cycle

    oids = [str(o.id) for o in obligations_for_cycle(2026, region="21")]
    await open_obligations(*oids)
    workbook = tmp_path / "forma-2026-21.xlsx"
    args = [
        "form",
        "template",
        "--cycle",
        "2026",
        "--region",
        "21",
        "--format",
        "xlsx",
        "--out",
        str(workbook),
    ]
    assert (await asyncio.to_thread(run_eci, args, capsys, monkeypatch)).code == 0
    fill_like_a_person(workbook, 2026, "21")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    raw = reply(oids[0], sender=FORM_OFFICIAL, text="Форма отчёта во вложении.",
                attachments=((workbook.name, workbook.read_bytes(), xlsx),))  # fmt: skip
    record = await intake.receive(raw, [])
    assert record.outcome is IntakeOutcome.FORM_SUBMITTED, record.reason
    assert len(record.obligations) > 1
    for oid in record.obligations:
        assert len(_submissions(intake, oid)) == 1
    [receipt] = receipts_in(receipts)
    assert receipt["Subject"].startswith("Получено: форма отчёта")

    other_year = tmp_path / "forma-2025-21.xlsx"
    args = [
        "form",
        "template",
        "--cycle",
        "2025",
        "--region",
        "21",
        "--format",
        "xlsx",
        "--out",
        str(other_year),
    ]
    assert (await asyncio.to_thread(run_eci, args, capsys, monkeypatch)).code == 0
    fill_like_a_person(other_year, 2025, "21")
    stale = reply(
        oids[1],
        sender=FORM_OFFICIAL,
        text="Форма.",
        attachments=((other_year.name, other_year.read_bytes(), xlsx),),
    )
    held = await intake.receive(stale, [])
    assert held.code is QuarantineReason.BAD_FORM
    assert "это форма за 2025 год, а не за 2026" in (held.reason or ""), "the receipt names both years"
