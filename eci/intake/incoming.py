"""A message from outside, read into what the intake decides on: sender, recipients, text, attachments.

Everything here is hostile until checked, and every step is bounded (`ParseLimits`): the message's size
and its header block are measured before the parser sees them; the standard library's parser (policy
`default`) reads the MIME structure, and the tree it built is walked without recursion to count its
parts and depth before anything else reads it. The parser is lenient, so its defect reports are what
tells a damaged message from a sound one. A message that breaks a limit or does not decode is refused
whole, never half read. This runs in the parser process (`parser_pool.py`), which has a memory limit
and a timeout of its own.
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

from domain.intake.events import QuarantineReason
from eci.intake.attachments import ACCEPTED_NAMES_RU, FILE_KINDS, Attachment, FileKind
from eci.intake.limits import ParseLimits
from eci.intake.refusal import RefusedMail

__all__ = [
    "ACCEPTED_NAMES_RU", "FILE_KINDS", "Attachment", "FileKind", "IncomingMail", "RefusedMail",
    "parse_incoming", "sender_of",
]  # fmt: skip

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
_HEADER_END = re.compile(rb"\r?\n\r?\n")
MAX_AUTH_RESULTS = 20  # Authentication-Results headers kept for the sender check (the rest ignored)


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
    subject: str = ""  # quoted back in the receipt, never recorded
    date: str = ""  # the Date header as the sender's client wrote it
    auth_results: tuple[str, ...] = ()  # Authentication-Results headers, top first


def message_sha256(raw: bytes) -> str:
    """The SHA-256 that names a message (its stream, its stored copy)."""
    return hashlib.sha256(raw).hexdigest()


def _too_complex(what: str) -> RefusedMail:
    return RefusedMail(QuarantineReason.TOO_COMPLEX, what)


def _header_block(raw: bytes, limit: int) -> None:
    end = _HEADER_END.search(raw, 0, limit + 4)
    if end is None and len(raw) > limit:
        raise _too_complex(f"Заголовок письма больше {limit // 1000} КБ.")


# How mail clients spell the header (a byte count is ~50 times cheaper than a case-blind regex).
_PART_HEADERS = (b"\nContent-Type:", b"\nContent-type:", b"\ncontent-type:", b"\nCONTENT-TYPE:")


def _prescan(raw: bytes, limits: ParseLimits) -> None:
    """Refuse a message with far too many parts before the parser builds them (the parser recurses
    per level of nesting and keeps every part): a part begins with its own Content-Type line, so
    counting those lines bounds the parts. Another spelling escapes the count, not the limits: the
    tree is counted again once parsed, in a process with its own memory limit and timeout."""
    if sum(raw.count(h) for h in _PART_HEADERS) > 2 * limits.max_parts + 10:
        raise _too_complex(f"В письме больше {limits.max_parts} частей.")


def _walk(message: EmailMessage, limits: ParseLimits) -> None:
    """Count parts and depth without recursion (a message nested thousands deep must not recurse)."""
    stack: list[tuple[EmailMessage, int]] = [(message, 1)]
    parts = 0
    while stack:
        part, depth = stack.pop()
        parts += 1
        if parts > limits.max_parts:
            raise _too_complex(f"В письме больше {limits.max_parts} частей.")
        if depth > limits.max_depth:
            raise _too_complex(f"Части письма вложены друг в друга глубже {limits.max_depth} уровней.")
        if sum(len(k) + len(str(v)) for k, v in part._headers) > limits.max_header_bytes:  # noqa: SLF001
            raise _too_complex(
                f"Заголовок одной из частей письма больше {limits.max_header_bytes // 1000} КБ."
            )
        if any(isinstance(d, _FATAL_DEFECTS) for d in part.defects):
            raise RefusedMail(
                QuarantineReason.MALFORMED, "Письмо повреждено: его части не разделены как положено."
            )
        payload = part._payload  # noqa: SLF001 - the parsed tree, read without decoding anything
        if isinstance(payload, list):
            stack.extend((child, depth + 1) for child in payload)


def _single_sender(message: EmailMessage) -> str:
    unreadable = RefusedMail(QuarantineReason.MALFORMED, "Адрес отправителя в письме не читается.")
    try:
        header = message["From"]
        addresses = getattr(header, "addresses", ()) if header is not None else ()
    except (ValueError, IndexError, TypeError):
        raise unreadable from None
    if header is not None and getattr(header, "defects", ()):
        raise unreadable
    if len(addresses) != 1 or not addresses[0].addr_spec or "@" not in addresses[0].addr_spec:
        raise RefusedMail(QuarantineReason.MALFORMED, "В письме должен быть указан ровно один отправитель.")
    return str(addresses[0].addr_spec).strip().lower()[:320]


def headers_of(raw: bytes, limit: int = 64_000) -> EmailMessage | None:
    """The header block of even a damaged message, read from at most `limit` bytes (None if unreadable)."""
    try:
        message = BytesParser(policy=default).parsebytes(raw[:limit], headersonly=True)
    except Exception:  # a header block the library cannot read names no one
        return None
    return message if isinstance(message, EmailMessage) else None


def sender_of(raw: bytes) -> str | None:
    """The From address of even a damaged message, for deciding whether its sender may be answered."""
    message = headers_of(raw)
    try:
        return _single_sender(message) if message is not None else None
    except Exception:  # RefusedMail included: a damaged From names no one to answer
        return None


def message_id_of(raw: bytes) -> str | None:
    """The Message-ID of even a damaged message (its receipt is threaded under it), if it reads."""
    message = headers_of(raw)
    try:
        found = str(message.get("Message-ID") or "").strip() if message is not None else ""
    except Exception:  # an undecodable header names nothing
        return None
    return found[:998] or None


def _recipients(message: EmailMessage, envelope_to: Sequence[str]) -> tuple[str, ...]:
    found = [a.strip().lower() for a in envelope_to]
    for name in ("To", "Cc", "Delivered-To", "X-Original-To"):
        for header in message.get_all(name, [])[:20]:
            for address in getattr(header, "addresses", ())[:100]:
                if address.addr_spec:
                    found.append(str(address.addr_spec).lower())
            if not getattr(header, "addresses", None) and "@" in str(header):
                found.append(str(header).strip().strip("<>").lower())
    return tuple(dict.fromkeys(found))[:200]


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p", "div", "tr", "li", "blockquote"):
            self.parts.append("\n")


MAX_TEXT_CHARS = 200_000  # the details block sits near the top; a longer text is read no further


def _text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, ValueError, AssertionError):
        raise RefusedMail(QuarantineReason.MALFORMED, "Текст письма не читается.") from None
    if not isinstance(content, str):
        return ""
    content = content[:MAX_TEXT_CHARS]
    if body.get_content_subtype() == "html":
        reader = _TextOfHtml()
        reader.feed(content)
        return "".join(reader.parts)
    return content


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


def check_size(raw: bytes, limits: ParseLimits) -> None:
    """RefusedMail if the message is larger than a message may be (checked before any parsing)."""
    if len(raw) > limits.max_message_bytes:
        raise RefusedMail(
            QuarantineReason.TOO_LARGE, f"Письмо больше {limits.max_message_bytes // 1_000_000} МБ."
        )


def parse_incoming(raw: bytes, envelope_to: Sequence[str], limits: ParseLimits) -> IncomingMail:
    """The message read for the intake; RefusedMail naming the first thing wrong with it."""
    from eci.intake.attachments import attachments_of

    sha = message_sha256(raw)
    check_size(raw, limits)
    _header_block(raw, limits.max_header_bytes)
    _prescan(raw, limits)
    try:
        message = _read_mime(raw)
    except RecursionError:
        raise _too_complex(f"Части письма вложены друг в друга глубже {limits.max_depth} уровней.") from None
    except MemoryError:
        raise  # the parse's own failure (its process is replaced), not the message's defect
    except Exception:  # the parser's failures are not one family: any of them means unreadable
        raise RefusedMail(QuarantineReason.MALFORMED, "Письмо повреждено: его нельзя разобрать.") from None
    _walk(message, limits)
    try:
        sender = _single_sender(message)
        message_id = str(message.get("Message-ID") or "").strip()[:998] or f"<без-идентификатора.{sha[:16]}>"
        recipients = _recipients(message, envelope_to)
        auth = tuple(str(h)[:2000] for h in message.get_all("Authentication-Results", [])[:MAX_AUTH_RESULTS])
        subject = " ".join(str(message.get("Subject") or "").split())[:300]
        date = str(message.get("Date") or "").strip()[:100]
        text = _text(message)
        attachments = attachments_of(message, limits)
    except (RefusedMail, MemoryError):
        raise
    except RecursionError:
        raise _too_complex("Письмо устроено слишком сложно, чтобы его прочитать.") from None
    except Exception:  # a header or part the library cannot decode
        raise RefusedMail(
            QuarantineReason.MALFORMED, "Заголовки или части письма повреждены: их нельзя прочитать."
        ) from None
    return IncomingMail(sha, len(raw), message_id, sender, recipients, text, attachments, subject, date, auth)
