"""The demo's replies by mail: regions answering their reminders, most accepted by the intake, a few held,
and one asking for more time.

The valid replies answer open regional obligations of the current cycle with a document and the details
filled; the held ones show the kinds of problem a coordinator meets in the quarantine: an unknown
sender, a forged reply token, and a reply without the details; one official asks for a new due date
(«Причина: …», «Новый срок: …»), which waits for the coordinator's `g` or `n`. And one region's official
files the current cycle's annual form by mail: the workbook, filled in, attached to a reply to one of the
region's reminders, as any region's official may do whatever state its obligations are in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import default

from config.settings import Settings
from demo.contacts import DEMO_DOMAIN
from demo.sample_pdf import sample_pdf
from demo.scenario import DEFAULT_SEED, LiveStory
from domain.intake.token import make_token, reply_address
from domain.obligation.id import ObligationId
from domain.obligation.states import ObligationState
from notifications.intake_keys import load_intake_keys

VALID_REPLIES = 5  # at most; fewer where the demo has fewer open regional obligations
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = sample_pdf(note="demonstration order")


def _details(today: dt.date) -> str:
    return (
        "Вид документа: приказ\nНомер: 41-од\n"
        f"Дата: {today:%d.%m.%Y}\nКем издан: Министерство здравоохранения субъекта\n"
    )


def _reply(
    settings: Settings, oid: ObligationId, sender: str, *, token_for: str | None = None,
    text: str = "", attach: bool = True, n: int = 0, workbook: tuple[str, bytes] | None = None,
) -> bytes:  # fmt: skip
    """One reply; the same bytes every time (Message-ID and MIME boundary fixed), so that a load resumed
    after an interruption hands the intake what it already has, which changes nothing."""
    assert settings.intake_address
    keys = load_intake_keys(settings.intake_secret, settings.intake_key_file)
    message = EmailMessage(policy=default)
    message["From"] = sender
    message["To"] = reply_address(settings.intake_address, make_token(oid, token_for or sender, keys.current))
    message["Subject"] = f"Re: Напоминание: документы по обязательству {oid}"
    message["Message-ID"] = f"<reply.{oid.dashed}.{n}@{DEMO_DOMAIN}>"
    message.set_content(f"Добрый день!\n\n{text}\nС уважением, отдел ранней помощи\n")
    if workbook is not None:
        name, data = workbook
        main, sub = XLSX.split("/")
        message.add_attachment(data, maintype=main, subtype=sub, filename=name)
        message.set_boundary(f"eci-demo-{oid.dashed}-{n}")
    elif attach:
        message.add_attachment(
            PDF, maintype="application", subtype="pdf", filename=f"prikaz-{oid.measure}.pdf"
        )
        message.set_boundary(f"eci-demo-{oid.dashed}-{n}")
    return message.as_bytes()


def filing_region(live: tuple[LiveStory, ...]) -> tuple[str, ObligationId] | None:
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
    """A region's official's reply carrying the current cycle's annual form, filled in Excel (the same
    bytes every run: the workbook is written from the region's answers)."""
    from demo.report_answers import demo_answers
    from domain.report_form.forms import report_form_for
    from domain.report_form.sheet_fill import filled_cells
    from domain.report_form.sheet_layout import build_layout
    from reports.form_workbook import render_form_workbook

    chosen = filing_region(live)
    if chosen is None:
        return None
    region, oid = chosen
    layout = build_layout(report_form_for(oid.cycle), region)
    workbook = render_form_workbook(layout, filled_cells(layout, demo_answers(region, oid.cycle, seed)))
    text = f"Направляем форму отчёта субъекта за {oid.cycle} год (книга Excel во вложении)."
    name = f"forma-{oid.cycle}-{region}.xlsx"
    sender = f"region{region}@{DEMO_DOMAIN}"
    return _reply(settings, oid, sender, text=text, n=9, workbook=(name, workbook))


def answered(live: tuple[LiveStory, ...]) -> list[ObligationId]:
    """The open regional obligations the replies answer: all but the last two are submitted by mail
    (at most VALID_REPLIES), the next one is the subject of the held replies, the last one asks for a
    new due date (none when there are fewer than four)."""
    open_regional = [
        s.obligation.id for s in live
        if s.outcome.final_state is ObligationState.OPEN and s.obligation.id.participant.isdigit()
        and s.obligation.id.participant != "66"
    ]  # fmt: skip
    return open_regional[: VALID_REPLIES + 2] if len(open_regional) >= 4 else []


def demo_replies(settings: Settings, live: tuple[LiveStory, ...], today: dt.date) -> list[bytes]:
    """The demo's replies: valid ones first, then one of each held kind, then the extension request."""
    open_regional = answered(live)
    if not open_regional:
        return []
    sender = {oid: f"region{oid.participant}@{DEMO_DOMAIN}" for oid in open_regional}
    details = _details(today)
    *valid, held, late = open_regional
    replies = [_reply(settings, oid, sender[oid], text=details) for oid in valid]
    replies += [
        _reply(settings, held, "noreply@spam.example", text=details, n=1),
        _reply(settings, held, sender[held], token_for=f"someone@{DEMO_DOMAIN}", text=details, n=2),
        _reply(settings, held, sender[held], text="Документ во вложении.", n=4),
    ]
    due = next(s.obligation.due for s in live if s.obligation.id == late)
    until = max(due, today) + dt.timedelta(days=30)
    ask = f"Причина: приказ на согласовании в правительстве субъекта\nНовый срок: {until:%d.%m.%Y}\n"
    replies.append(_reply(settings, late, sender[late], text=ask, attach=False, n=5))
    return replies


async def receive_replies(
    settings: Settings, replies: list[bytes], advance: Callable[[], None] = lambda: None
) -> tuple[int, int, int, int]:
    """Hand the replies to the intake (one already taken is answered from its record); (submitted,
    quarantined, extension requests, forms filed). `advance` after each reply."""
    from eci.intake.pipeline import Intake

    intake = Intake(settings)
    counts = {"submitted": 0, "quarantined": 0, "extension_requested": 0, "form_submitted": 0}
    try:
        for raw in replies:
            record = await intake.receive(raw)
            outcome = record.outcome.value if record.outcome is not None else "quarantined"
            counts[outcome if outcome in counts else "quarantined"] += 1
            advance()
    finally:
        await intake.aclose()
    return counts["submitted"], counts["quarantined"], counts["extension_requested"], counts["form_submitted"]
