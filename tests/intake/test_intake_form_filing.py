"""A region files its 2026 form by mail whatever state its obligations are in: the reply is never held
because one of them is under review or accepted, and the receipt tells what became of each section."""

from __future__ import annotations

import asyncio

from cli_invoke import run_eci
from fixtures_intake import open_obligations, receipts_in, reply
from report_form_workbook_fill import fill_like_a_person

from config.settings import load_settings
from domain.actors import COORDINATOR
from domain.contacts import Contact, ContactRole
from domain.intake.record import IntakeOutcome
from domain.obligation.plan import obligations_for_cycle
from eci.actions import accept
from store.contacts import list_contacts, replace_contacts
from store.event_store import EventStore

REGION = "16"
OFFICIAL = "forma@tatarstan.example"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _add_contact() -> None:
    with EventStore.open(load_settings().effective_database_url) as store:
        known = list_contacts(store)
        mine = Contact(participant=REGION, role=ContactRole.RESPONSIBLE, full_name="Гарипова", email=OFFICIAL)
        replace_contacts(store, [*known, mine])


async def test_a_2026_form_by_mail_reaches_accepted_and_reviewed_obligations_section_by_section(
    intake, receipts, tmp_path, capsys, monkeypatch
) -> None:
    _add_contact()
    oids = [str(o.id) for o in obligations_for_cycle(2026, region=REGION)]
    await open_obligations(*oids)
    under_review, accepted = f"2026/17/{REGION}", f"2026/02/{REGION}"
    for oid in (under_review, accepted):
        assert (await intake.receive(reply(oid, sender=OFFICIAL), [])).outcome is IntakeOutcome.SUBMITTED
    await accept(load_settings(), COORDINATOR, accepted)

    workbook = tmp_path / f"forma-2026-{REGION}.xlsx"
    args = ["form", "template", "--cycle", "2026", "--region", REGION, "--format", "xlsx",
            "--out", str(workbook)]  # fmt: skip
    assert (await asyncio.to_thread(run_eci, args, capsys, monkeypatch)).code == 0
    fill_like_a_person(workbook, 2026, REGION)
    raw = reply(under_review, sender=OFFICIAL, text="Форма отчёта во вложении.",
                attachments=((workbook.name, workbook.read_bytes(), XLSX),))  # fmt: skip
    record = await intake.receive(raw, [])

    assert record.outcome is IntakeOutcome.FORM_SUBMITTED, record.reason
    assert record.form_version == 1
    codes = {s.measure: s.code for s in record.sections}
    assert codes[17] == "replaced_under_review"
    assert codes[2] == "recorded_beside_accepted"
    assert codes[5] == "submitted"
    assert codes[20] == "answered_in_form"
    [receipt] = [r for r in receipts_in(receipts) if "форма отчёта записана" in r["Subject"]]
    assert receipt["Subject"] == "Получено: форма отчёта записана (версия 1), разделов: 27"
    body = receipt.get_body(("plain",)).get_content()
    assert "форма отчёта субъекта записана целиком: версия 1" in body.lower()
    replaced = "новая версия передана на проверку вместо прежней"
    assert f"раздел 17, обязательство {under_review}: {replaced}" in body
    assert f"раздел 2, обязательство {accepted}: принято ранее: решение сохраняется" in body
    assert "раздел 20: федеральное мероприятие" in body
