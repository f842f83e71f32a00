"""The demo's replies by mail: regions answering their reminders, most accepted by the intake, a few held,
and one asking for more time.

The valid replies answer open regional obligations of the current cycle with a document and the details
filled; the held ones show the kinds of problem a coordinator meets in the quarantine: an unknown
sender, a forged reply token, and a reply without the details; one official asks for a new due date
(«Причина: …», «Новый срок: …»), which waits for the coordinator's `g` or `n`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import default

from config.settings import Settings
from demo.contacts import DEMO_DOMAIN
from demo.sample_pdf import sample_pdf
from demo.scenario import LiveStory
from domain.intake.token import make_token, reply_address
from domain.obligation.id import ObligationId
from domain.obligation.states import ObligationState
from notifications.intake_keys import load_intake_keys

VALID_REPLIES = 5  # at most; fewer where the demo has fewer open regional obligations
PDF = sample_pdf(note="demonstration order")


def _details(today: dt.date) -> str:
    return (
        "Вид документа: приказ\nНомер: 41-од\n"
        f"Дата: {today:%d.%m.%Y}\nКем издан: Министерство здравоохранения субъекта\n"
    )


def _reply(
    settings: Settings, oid: ObligationId, sender: str, *, token_for: str | None = None,
    text: str = "", attach: bool = True, n: int = 0,
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
    if attach:
        message.add_attachment(
            PDF, maintype="application", subtype="pdf", filename=f"prikaz-{oid.measure}.pdf"
        )
        message.set_boundary(f"eci-demo-{oid.dashed}-{n}")
    return message.as_bytes()


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
) -> tuple[int, int, int]:
    """Hand the replies to the intake (one already taken is answered from its record); (submitted,
    quarantined, extension requests). `advance` after each reply."""
    from eci.intake.pipeline import Intake

    intake = Intake(settings)
    counts = {"submitted": 0, "quarantined": 0, "extension_requested": 0}
    try:
        for raw in replies:
            record = await intake.receive(raw)
            outcome = record.outcome.value if record.outcome is not None else "quarantined"
            counts[outcome if outcome in counts else "quarantined"] += 1
            advance()
    finally:
        await intake.aclose()
    return counts["submitted"], counts["quarantined"], counts["extension_requested"]
