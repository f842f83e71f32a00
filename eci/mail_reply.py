"""`eci mail reply`: answer a message in the local sink as a region's mail client would, through SMTP.

For the embedded stack and drills: a person (or a test) replies to a reminder with a document attached
and the details filled, and watches the intake take it. The reply quotes the message it answers, as
mail clients do, so a reply without `--details` carries the reminder's blank block (and is quarantined).
"""

from __future__ import annotations

import mimetypes
import re
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from email.utils import make_msgid
from pathlib import Path

import aiosmtplib

from config.settings import Settings
from eci.errors import EciError
from notifications.mailbox_reader import find_mail

_SEPARATORS = re.compile(r"\s*(?:;|\n)\s*")


def _original(settings: Settings, message_id: str) -> EmailMessage:
    path = find_mail(settings.mail_dir, message_id)
    if path is None:
        raise EciError(f"письма {message_id} нет в {settings.mail_dir}", code="no_such_message")
    parsed = message_from_bytes(path.read_bytes(), policy=default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def details_lines(details: list[str]) -> str:
    """`--details "Вид документа: приказ; Номер: 12-п"` (repeatable) as one field a line."""
    lines = [part for text in details for part in _SEPARATORS.split(text.strip()) if part]
    for line in lines:
        if ":" not in line:
            raise EciError(f"--details: ожидается «Поле: значение», указано «{line}»", code="bad_details")
    return "\n".join(lines)


def build_reply(original: EmailMessage, sender: str, attach: list[Path], details: list[str]) -> EmailMessage:
    """The reply: to the original's Reply-To, quoting its text, with the files attached."""
    reply_to = original["Reply-To"] or original["From"]
    if reply_to is None:
        raise EciError("в письме нет ни Reply-To, ни From: отвечать некому", code="no_reply_address")
    reply = EmailMessage(policy=default)
    reply["From"] = sender
    reply["To"] = str(reply_to)
    reply["Subject"] = f"Re: {original['Subject'] or ''}"
    reply["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    if original["Message-ID"]:
        reply["In-Reply-To"] = original["Message-ID"]
        reply["References"] = original["Message-ID"]
    body = original.get_body(preferencelist=("plain",))
    quoted_text = body.get_content() if body is not None else ""
    quoted = "\n".join(f"> {line}" for line in str(quoted_text).splitlines())
    reply.set_content(f"{details_lines(details)}\n\n{quoted}\n")
    for path in attach:
        if not path.is_file():
            raise EciError(f"--attach: файла {path} нет", code="no_such_file")
        media = (mimetypes.guess_type(path.name)[0] or "application/octet-stream").split("/")
        reply.add_attachment(path.read_bytes(), maintype=media[0], subtype=media[1], filename=path.name)
    return reply


async def send_reply(
    settings: Settings, message_id: str, attach: list[Path], sender: str | None, details: list[str]
) -> str:
    """Send the reply through the configured SMTP server; returns the reply's Message-ID."""
    original = _original(settings, message_id)
    to = original["To"]
    addresses = getattr(to, "addresses", ()) if to is not None else ()
    who = sender or (addresses[0].addr_spec if addresses else None)
    if not who:
        raise EciError("в письме не указан получатель: задайте отправителя ответа в --from", code="no_sender")
    reply = build_reply(original, who, attach, details)
    recipients = [a.addr_spec for a in reply["To"].addresses]
    try:
        await aiosmtplib.send(
            reply, sender=who, recipients=recipients, hostname=settings.smtp_host, port=settings.smtp_port,
            timeout=60,
        )  # fmt: skip
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise EciError(
            f"ответ не отправлен: {' '.join(str(exc).split())[:200]}", code="reply_not_sent"
        ) from None
    return str(reply["Message-ID"])
