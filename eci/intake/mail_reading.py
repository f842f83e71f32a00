"""A held message laid out for the coordinator's terminal: headers, SMTP envelope, text, files with size,
detected type and SHA-256, and the reason it is held. The body is read in a parser process with the
intake's limits, like any message: a hostile one cannot take the terminal with it."""

from __future__ import annotations

from eci.errors import EciError
from eci.intake.incoming import IncomingMail, RefusedMail, headers_of
from eci.intake.pipeline import Intake
from tui.mail_view import AttachmentView, MailView

SHOWN_HEADERS = ("From", "To", "Cc", "Subject", "Date", "Message-ID", "Reply-To", "Authentication-Results")
MAX_TEXT = 20_000


async def read_mail(intake: Intake, short_id: str) -> MailView:
    """The message `short_id` as the coordinator reads it."""
    record = intake.ledger.find(short_id)
    if record is None:
        raise EciError(
            f"письма {short_id} нет в журнале приёма",
            code="no_such_message",
            ru=f"Письма {short_id} нет в журнале приёма.",
        )
    raw = intake.files.read(record.sha256)
    headers: list[tuple[str, str]] = []
    parsed_headers = headers_of(raw, intake.limits.max_header_bytes)
    if parsed_headers is not None:
        for name in SHOWN_HEADERS:
            try:
                headers += [
                    (name, " ".join(str(v).split())[:500]) for v in parsed_headers.get_all(name, [])[:5]
                ]
            except Exception:  # noqa: BLE001 - an undecodable header is shown as such
                headers.append((name, "(не читается)"))
    envelope = record.envelope
    shown_envelope = (
        [("MAIL FROM", envelope.mail_from or "<>"), ("RCPT TO", ", ".join(envelope.rcpt_to)),
         ("адрес сервера", envelope.peer), ("HELO", envelope.helo)] if envelope else []
    )  # fmt: skip
    intake.use_parser_processes(1)
    parsed = await intake.parse(raw, ())
    text, files, unreadable = "", (), ""
    if isinstance(parsed, IncomingMail):
        text = parsed.text[:MAX_TEXT]
        files = tuple(
            AttachmentView(a.filename, len(a.data), a.detected, a.sha256) for a in parsed.attachments
        )
    elif isinstance(parsed, RefusedMail):
        unreadable = parsed.reason
    else:
        unreadable = "разбор письма не завершился"
    return MailView(
        short_id=record.short_id, headers=tuple(headers), envelope=tuple(shown_envelope), text=text,
        attachments=files, reason=record.reason or "", unreadable=unreadable,
    )  # fmt: skip
