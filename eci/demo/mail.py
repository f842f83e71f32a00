"""The demo's replies by mail: regions answering their reminders, most accepted by the intake, a few held.

The valid replies answer open regional obligations of the current cycle with a document and the details
filled; the held ones show each kind of problem a coordinator meets in the quarantine: an unknown
sender, a forged reply token, a reply without an attachment, and one without the details. One region's
official files the current cycle's annual form by mail: the workbook, filled in, attached to a reply to
one of the region's reminders, as any region's official may do whatever state its obligations are in.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.policy import default
from email.utils import make_msgid

from config.settings import Settings
from demo.contacts import DEMO_DOMAIN
from demo.scenario import DEFAULT_SEED, LiveStory
from domain.intake.token import make_token, reply_address
from domain.obligation.id import ObligationId
from domain.obligation.states import ObligationState
from notifications.intake_keys import load_intake_keys

VALID_REPLIES = 3
PDF = b"%PDF-1.4\n% demonstration order\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def _details(today: dt.date) -> str:
    return (
        "Вид документа: приказ\nНомер: 41-од\n"
        f"Дата: {today:%d.%m.%Y}\nКем издан: Министерство здравоохранения субъекта\n"
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reply(
    settings: Settings, oid: ObligationId, sender: str, *, token_for: str | None = None,
    text: str = "", attach: bool = True, workbook: tuple[str, bytes] | None = None,
) -> bytes:  # fmt: skip
    assert settings.intake_address
    keys = load_intake_keys(settings.intake_secret, settings.intake_key_file)
    message = EmailMessage(policy=default)
    message["From"] = sender
    message["To"] = reply_address(settings.intake_address, make_token(oid, token_for or sender, keys.current))
    message["Subject"] = f"Re: Напоминание: документы по обязательству {oid}"
    message["Message-ID"] = make_msgid(domain=DEMO_DOMAIN)
    message.set_content(f"Добрый день!\n\n{text}\nС уважением, отдел ранней помощи\n")
    if workbook is not None:
        name, data = workbook
        main, sub = XLSX.split("/")
        message.add_attachment(data, maintype=main, subtype=sub, filename=name)
    elif attach:
        message.add_attachment(
            PDF, maintype="application", subtype="pdf", filename=f"prikaz-{oid.measure}.pdf"
        )
    return message.as_bytes()


def _filing_region(live: tuple[LiveStory, ...]) -> tuple[str, ObligationId] | None:
    """The region that files its form by mail, and the reminder it answers: preferably a region with
    obligations both accepted and under review (the form reaches each as its state allows)."""
    by_region: dict[str, list[LiveStory]] = {}
    for story in live:
        code = story.obligation.id.participant
        if code.isdigit() and code != "66":
            by_region.setdefault(code, []).append(story)
    if not by_region:
        return None

    def states(code: str) -> set[ObligationState]:
        return {s.outcome.final_state for s in by_region[code]}

    wanted = {ObligationState.ACCEPTED, ObligationState.SUBMITTED}
    region = next((c for c in sorted(by_region) if wanted <= states(c)), min(by_region))
    stories = by_region[region]
    answered = next((s for s in stories if s.outcome.final_state is ObligationState.SUBMITTED), stories[0])
    return region, answered.obligation.id


def form_reply(settings: Settings, live: tuple[LiveStory, ...], seed: int = DEFAULT_SEED) -> bytes | None:
    """A region's official's reply carrying the current cycle's annual form, filled in Excel."""
    from demo.report_answers import demo_answers
    from domain.report_form.forms import report_form_for
    from domain.report_form.sheet_fill import filled_cells
    from domain.report_form.sheet_layout import build_layout
    from reports.form_workbook import render_form_workbook

    chosen = _filing_region(live)
    if chosen is None:
        return None
    region, oid = chosen
    layout = build_layout(report_form_for(oid.cycle), region)
    workbook = render_form_workbook(layout, filled_cells(layout, demo_answers(region, oid.cycle, seed)))
    text = f"Направляем форму отчёта субъекта за {oid.cycle} год (книга Excel во вложении)."
    name = f"forma-{oid.cycle}-{region}.xlsx"
    return _reply(settings, oid, f"region{region}@{DEMO_DOMAIN}", text=text, workbook=(name, workbook))


def demo_replies(settings: Settings, live: tuple[LiveStory, ...], today: dt.date) -> list[bytes]:
    """The demo's replies: valid ones first, then one of each held kind."""
    open_regional = [
        s.obligation.id for s in live
        if s.outcome.final_state is ObligationState.OPEN and s.obligation.id.participant.isdigit()
        and s.obligation.id.participant != "66"
    ]  # fmt: skip
    if len(open_regional) < VALID_REPLIES + 1:
        return []
    sender = {oid: f"region{oid.participant}@{DEMO_DOMAIN}" for oid in open_regional}
    details = _details(today)
    replies = [_reply(settings, oid, sender[oid], text=details) for oid in open_regional[:VALID_REPLIES]]
    held = open_regional[VALID_REPLIES]
    replies += [
        _reply(settings, held, "noreply@spam.example", text=details),
        _reply(settings, held, sender[held], token_for=f"someone@{DEMO_DOMAIN}", text=details),
        _reply(settings, held, sender[held], text=details, attach=False),
        _reply(settings, held, sender[held], text="Документ во вложении."),
    ]
    return replies


async def receive_replies(settings: Settings, replies: list[bytes]) -> tuple[int, int, int]:
    """Hand the replies to the intake; (documents submitted, quarantined, forms filed)."""
    from eci.intake.pipeline import Intake

    intake = Intake(settings)
    submitted = quarantined = forms = 0
    try:
        for raw in replies:
            record = await intake.receive(raw)
            outcome = record.outcome.value if record.outcome is not None else None
            if outcome == "submitted":
                submitted += 1
            elif outcome == "form_submitted":
                forms += 1
            else:
                quarantined += 1
    finally:
        await intake.aclose()
    return submitted, quarantined, forms
