"""The demo's replies by mail: regions answering their reminders, most accepted by the intake, a few held.

The valid replies answer open regional obligations of the current cycle with a document and the details
filled; the held ones show each kind of problem a coordinator meets in the quarantine: an unknown
sender, a forged reply token, a reply without an attachment, and one without the details.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.policy import default
from email.utils import make_msgid

from config.settings import Settings
from demo.contacts import DEMO_DOMAIN
from demo.scenario import LiveStory
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


def _reply(
    settings: Settings, oid: ObligationId, sender: str, *, token_for: str | None = None,
    text: str = "", attach: bool = True,
) -> bytes:  # fmt: skip
    assert settings.intake_address
    keys = load_intake_keys(settings.intake_secret, settings.intake_key_file)
    message = EmailMessage(policy=default)
    message["From"] = sender
    message["To"] = reply_address(settings.intake_address, make_token(oid, token_for or sender, keys.current))
    message["Subject"] = f"Re: Напоминание: документы по обязательству {oid}"
    message["Message-ID"] = make_msgid(domain=DEMO_DOMAIN)
    message.set_content(f"Добрый день!\n\n{text}\nС уважением, отдел ранней помощи\n")
    if attach:
        message.add_attachment(
            PDF, maintype="application", subtype="pdf", filename=f"prikaz-{oid.measure}.pdf"
        )
    return message.as_bytes()


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


async def receive_replies(settings: Settings, replies: list[bytes]) -> tuple[int, int]:
    """Hand the replies to the intake; (submitted, quarantined)."""
    from eci.intake.pipeline import Intake

    intake = Intake(settings)
    submitted = quarantined = 0
    try:
        for raw in replies:
            record = await intake.receive(raw)
            if record.outcome is not None and record.outcome.value == "submitted":
                submitted += 1
            else:
                quarantined += 1
    finally:
        await intake.aclose()
    return submitted, quarantined
