"""A message from outside, read into what the intake decides on: sender, recipients, text, attachments.

Everything here is hostile until checked. The standard library's parser (policy `default`) reads the
MIME structure; it is lenient, so its defect reports are what tells a damaged message from a sound one.
A message whose structure or headers do not decode is refused whole, never half read. Attachments are
checked by content, not by name: a «.pdf» must begin like a PDF, and a zip-based office file is sized
up by its directory before anyone inflates it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from email import errors as email_errors
from email.feedparser import BytesFeedParser
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from html.parser import HTMLParser

from domain.intake.archive_limits import ArchiveLimits, ArchiveRefused, check_archive
from domain.intake.events import MailVerdicts, QuarantineReason

# Defects that mean the structure itself is broken (not a cosmetic slip a mail client is known for).
_FATAL_DEFECTS = (
    email_errors.NoBoundaryInMultipartDefect,
    email_errors.StartBoundaryNotFoundDefect,
    email_errors.CloseBoundaryNotFoundDefect,
    email_errors.MultipartInvariantViolationDefect,
    email_errors.InvalidBase64CharactersDefect,
    email_errors.InvalidBase64LengthDefect,
    email_errors.UndecodableBytesDefect,
    email_errors.InvalidHeaderDefect,
    email_errors.NonASCIILocalPartDefect,
)
_VERDICT = re.compile(r"\b(dkim|spf|dmarc)\s*=\s*([a-z]+)", re.IGNORECASE)


class RefusedMail(Exception):
    """A message the intake cannot take as it is; `reason` is the one line its sender reads (Russian)."""

    def __init__(self, code: QuarantineReason, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class FileKind:
    """An attachment type the intake takes: its names, media type and how its bytes begin."""

    extensions: tuple[str, ...]
    media_type: str
    magic: tuple[bytes, ...]
    zipped: bool = False
    form: bool = False  # a report form file (YAML) rather than a document


FILE_KINDS = (
    FileKind((".pdf",), "application/pdf", (b"%PDF-",)),
    FileKind((".doc",), "application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    FileKind(
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
        zipped=True,
    ),
    FileKind((".odt",), "application/vnd.oasis.opendocument.text", (b"PK\x03\x04",), zipped=True),
    FileKind(
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
        zipped=True,
    ),
    FileKind((".jpg", ".jpeg"), "image/jpeg", (b"\xff\xd8\xff",)),
    FileKind((".png",), "image/png", (b"\x89PNG\r\n\x1a\n",)),
    FileKind((".yaml", ".yml"), "application/yaml", (), form=True),
)
ACCEPTED_NAMES_RU = "PDF, DOC/DOCX, ODT, XLSX, JPEG/PNG (или файл формы отчёта YAML)"


@dataclass(frozen=True)
class Attachment:
    """A file of the message, its type established from its content."""

    filename: str
    kind: FileKind
    data: bytes

    @property
    def sha256(self) -> str:
        """The file's SHA-256, as the receipt names it."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class IncomingMail:
    """A parsed message: who sent it, to which addresses, its text and its files."""

    sha256: str
    size: int
    message_id: str
    sender: str  # the From address, lower-cased
    recipients: tuple[str, ...]  # envelope recipients, then To / Cc / Delivered-To
    text: str
    attachments: tuple[Attachment, ...] = field(default=())
    verdicts: MailVerdicts = MailVerdicts()


def message_sha256(raw: bytes) -> str:
    """The SHA-256 that names a message (its stream, its stored copy)."""
    return hashlib.sha256(raw).hexdigest()


def _defects(message: EmailMessage) -> list[email_errors.MessageDefect]:
    found: list[email_errors.MessageDefect] = []
    for part in message.walk():
        found.extend(part.defects)
    return found


def _single_sender(message: EmailMessage) -> str:
    try:
        header = message["From"]
        addresses = getattr(header, "addresses", ()) if header is not None else ()
    except (ValueError, IndexError, TypeError):
        raise RefusedMail(QuarantineReason.MALFORMED, "заголовок From не читается") from None
    if header is not None and getattr(header, "defects", ()):
        raise RefusedMail(QuarantineReason.MALFORMED, "заголовок From не читается")
    if len(addresses) != 1 or not addresses[0].addr_spec or "@" not in addresses[0].addr_spec:
        raise RefusedMail(QuarantineReason.MALFORMED, "в заголовке From должен быть ровно один адрес")
    return str(addresses[0].addr_spec).strip().lower()


def sender_of(raw: bytes) -> str | None:
    """The From address of even a damaged message, for deciding whether its sender may be answered."""
    try:
        return _single_sender(BytesParser(policy=default).parsebytes(raw, headersonly=True))  # type: ignore[arg-type]
    except Exception:  # RefusedMail included: a damaged From names no one to answer
        return None


def _recipients(message: EmailMessage, envelope_to: Sequence[str]) -> tuple[str, ...]:
    found = [a.strip().lower() for a in envelope_to]
    for name in ("To", "Cc", "Delivered-To", "X-Original-To"):
        for header in message.get_all(name, []):
            for address in getattr(header, "addresses", ()):
                if address.addr_spec:
                    found.append(str(address.addr_spec).lower())
            if not getattr(header, "addresses", None) and "@" in str(header):
                found.append(str(header).strip().strip("<>").lower())
    return tuple(dict.fromkeys(found))


def _verdicts(message: EmailMessage) -> MailVerdicts:
    # Only the topmost Authentication-Results is the receiving server's own: a sender can put any number
    # of such headers below it.
    headers = message.get_all("Authentication-Results", [])
    if not headers:
        return MailVerdicts()
    found = {k.lower(): v.lower() for k, v in _VERDICT.findall(str(headers[0]))}
    return MailVerdicts(dkim=found.get("dkim"), spf=found.get("spf"), dmarc=found.get("dmarc"))


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p", "div", "tr", "li", "blockquote"):
            self.parts.append("\n")


def _text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, ValueError, AssertionError):
        raise RefusedMail(QuarantineReason.MALFORMED, "текст письма не декодируется") from None
    if not isinstance(content, str):
        return ""
    if body.get_content_subtype() == "html":
        reader = _TextOfHtml()
        reader.feed(content)
        return "".join(reader.parts)
    return content


def _kind_of(filename: str, data: bytes) -> FileKind:
    lower = filename.lower()
    for kind in FILE_KINDS:
        if lower.endswith(kind.extensions):
            if kind.magic and not data.startswith(kind.magic):
                raise RefusedMail(
                    QuarantineReason.BAD_ATTACHMENT, f"файл «{filename[:80]}» не является файлом своего типа"
                )
            return kind
    raise RefusedMail(
        QuarantineReason.BAD_ATTACHMENT,
        f"файл «{filename[:80]}» не принимается; принимаются {ACCEPTED_NAMES_RU}",
    )


def _attachments(message: EmailMessage, max_bytes: int) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    total = 0
    for part in message.iter_attachments():
        if part.get_content_maintype() == "message":
            continue  # a forwarded message is not a document
        filename = (part.get_filename() or "").strip().replace("/", "_").replace("\\", "_")
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            raise RefusedMail(QuarantineReason.MALFORMED, "вложение не декодируется")
        if not filename:
            if part.get_content_type() in ("application/pgp-signature", "application/pkcs7-signature"):
                continue  # a signature part, not a document
            raise RefusedMail(QuarantineReason.BAD_ATTACHMENT, "у вложения нет имени файла")
        total += len(data)
        if total > max_bytes:
            raise RefusedMail(
                QuarantineReason.TOO_LARGE, f"вложения больше {max_bytes // 1_000_000} МБ: не принимаются"
            )
        kind = _kind_of(filename, data)
        if kind.zipped:
            try:
                check_archive(data, ArchiveLimits())
            except ArchiveRefused as exc:
                raise RefusedMail(QuarantineReason.ARCHIVE_BOMB, f"файл «{filename[:80]}»: {exc}") from None
        found.append(Attachment(filename[:200], kind, data))
    return tuple(found)


FEED_BLOCK = 16_384


def _read_mime(raw: bytes) -> EmailMessage:
    """The standard library's parser, fed in blocks: handed a whole megabyte at once it splits and
    queues every line up front, a third slower than the same parser fed as a socket would feed it."""
    parser = BytesFeedParser(policy=default)
    for start in range(0, len(raw), FEED_BLOCK):
        parser.feed(raw[start : start + FEED_BLOCK])
    message = parser.close()
    assert isinstance(message, EmailMessage)
    return message


def parse_incoming(raw: bytes, envelope_to: Sequence[str], *, max_bytes: int) -> IncomingMail:
    """The message read for the intake; RefusedMail naming the first thing wrong with it."""
    sha = message_sha256(raw)
    if len(raw) > max_bytes * 1.4 + 100_000:  # base64 adds a third; the headers a little more
        raise RefusedMail(
            QuarantineReason.TOO_LARGE, f"письмо больше {max_bytes // 1_000_000} МБ: не принимается"
        )
    try:
        message = _read_mime(raw)
    except Exception:  # the parser's failures are not one family: any of them means unreadable
        raise RefusedMail(QuarantineReason.MALFORMED, "письмо не разбирается как сообщение MIME") from None
    assert isinstance(message, EmailMessage)
    defects = [d for d in _defects(message) if isinstance(d, _FATAL_DEFECTS)]
    if defects:
        raise RefusedMail(QuarantineReason.MALFORMED, f"письмо повреждено ({type(defects[0]).__name__})")
    try:
        sender = _single_sender(message)
        message_id = str(message.get("Message-ID") or "").strip()[:998] or f"<без-идентификатора.{sha[:16]}>"
        recipients = _recipients(message, envelope_to)
        verdicts = _verdicts(message)
        text = _text(message)
        attachments = _attachments(message, max_bytes)
    except RefusedMail:
        raise
    except Exception:  # a header or part the library cannot decode
        raise RefusedMail(QuarantineReason.MALFORMED, "заголовки или части письма не декодируются") from None
    return IncomingMail(sha, len(raw), message_id, sender, recipients, text, attachments, verdicts)
