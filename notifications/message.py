"""Build one RFC 5322 message: encoded headers, stable Message-ID, plain text with an HTML alternative.

Every value that reaches a header passes through `header_text` or `parse_address`, so a CR/LF hidden in a
name, a reason or a document number can never start a header of its own. The message is written out
here rather than through `email.message`: non-ASCII values become RFC 2047 encoded words that each hold
whole characters (the library's folder can misplace spaces in display names), and it costs a fraction.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import format_datetime, formataddr

# Controls (C0, DEL, C1) and the Unicode line/paragraph separators a header must never carry
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s+")
_ADDR_SPEC = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)
# A msg-id as RFC 5322 writes it; anything else from a sender's Message-ID is not echoed into a header
_MESSAGE_ID = re.compile(r"^<[\x21-\x3b\x3d\x3f\x41-\x7e]{1,250}@[\x21-\x3b\x3d\x3f\x41-\x7e]{1,250}>$")
HEADER_MAX = 300
_FILENAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$")
_MEDIA_TYPE = re.compile(r"^[a-z]+/[a-z0-9.+-]{1,60}$")


class InvalidAddress(ValueError):
    """An email address that cannot be sent to (malformed, or carrying control characters)."""


def header_text(value: str, limit: int = HEADER_MAX) -> str:
    """One line of header-safe text: control characters become spaces, runs of spaces collapse."""
    flat = _SPACES.sub(" ", _CONTROL.sub(" ", value)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def parse_address(addr_spec: str, display_name: str = "") -> Address:
    """A validated mailbox; raises InvalidAddress for anything but a plain `local@domain`."""
    spec = addr_spec.strip()
    if not _ADDR_SPEC.match(spec) or len(spec) > 254:
        raise InvalidAddress(f"invalid email address {header_text(addr_spec, 80)!r}")
    local, _, domain = spec.rpartition("@")
    return Address(display_name=header_text(display_name, 120), username=local, domain=domain)


def message_id_for(obligation_id: str, step: str, domain: str) -> str:
    """The Message-ID of one step of one obligation: the same inputs always give the same id."""
    digest = hashlib.sha256(f"{obligation_id}\x00{step}".encode()).hexdigest()[:32]
    return f"<eci.{digest}@{header_text(domain, 120).replace(' ', '')}>"


@dataclass(frozen=True)
class Rendered:
    """A rendered notice: subject line, plain text and HTML bodies."""

    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (the log receipt); its name is ours, ASCII letters, digits, `.-_`."""

    filename: str
    media_type: str
    data: bytes

    def __post_init__(self) -> None:
        if not _FILENAME.match(self.filename) or not _MEDIA_TYPE.match(self.media_type):
            raise ValueError(f"unsafe attachment name or type {self.filename!r} {self.media_type!r}")


@dataclass(frozen=True)
class Envelope:
    """Who sends, who receives, who gets the replies, and what the message is about."""

    sender: Address
    recipients: tuple[Address, ...]
    reply_to: Address
    message_id: str
    obligation_id: str
    step: str
    kind: str
    in_reply_to: str | None = None


def encode_text(text: str, name: str) -> str:
    """RFC 2047: non-ASCII text becomes base64 encoded words, each holding whole characters, one per line.

    Written here rather than left to the `email` folders: the modern one can split a phrase at a space it
    leaves between encoded words (where readers drop it), the legacy one leaves ASCII runs unencoded, and
    inside an address header an unencoded `Bcc: x@y` run would be read as address syntax.
    """
    if text.isascii():
        return text
    budget = 76 - len(name) - 2  # the first line also holds "Name: "
    words: list[bytes] = []
    chunk = b""
    for char in text:
        data = char.encode()
        if chunk and _word_length(chunk + data) > budget:
            words.append(chunk)
            chunk, budget = b"", 76
        chunk += data
    words.append(chunk)
    return "\n ".join(f"=?utf-8?b?{base64.b64encode(w).decode()}?=" for w in words)


def _word_length(data: bytes) -> int:
    return len("=?utf-8?b??=") + 4 * ((len(data) + 2) // 3)


def encode_addresses(addresses: Sequence[Address], name: str) -> str:
    """A From/To/Reply-To value: `=?utf-8?b?…?= <local@domain>` entries, one per line."""
    parts = []
    for a in addresses:
        if not a.display_name:
            parts.append(a.addr_spec)
        elif a.display_name.isascii():
            parts.append(formataddr((a.display_name, a.addr_spec)))
        else:
            parts.append(f"{encode_text(a.display_name, name)}\n <{a.addr_spec}>")
    return ",\n ".join(parts)


def build_message(
    envelope: Envelope, rendered: Rendered, date: dt.datetime, attachments: Sequence[Attachment] = ()
) -> bytes:
    """The message's bytes: headers encoded here, text and HTML alternatives in base64, CRLF line ends;
    with attachments, the alternatives are the first part of a multipart/mixed message.

    `date` must be tz-aware; the bytes are recorded once and resent unchanged, so the boundary derives
    from the Message-ID (base64 lines cannot contain `=_`, so it never occurs in a part).
    """
    if date.tzinfo is None:
        raise ValueError("the Date header needs a tz-aware datetime")
    digest = hashlib.sha256(envelope.message_id.encode()).hexdigest()
    boundary = "=_eci_" + digest[:24]
    headers = [
        ("From", encode_addresses([envelope.sender], "From")),
        ("To", encode_addresses(envelope.recipients, "To")),
        ("Reply-To", encode_addresses([envelope.reply_to], "Reply-To")),
        ("Subject", encode_text(header_text(rendered.subject, 250), "Subject")),
        ("Date", format_datetime(date)),
        ("Message-ID", envelope.message_id),
        *(
            [("In-Reply-To", envelope.in_reply_to), ("References", envelope.in_reply_to)]
            if envelope.in_reply_to and _MESSAGE_ID.match(envelope.in_reply_to)
            else []
        ),
        ("Auto-Submitted", "auto-generated"),
        ("X-ECI-Obligation", encode_text(header_text(envelope.obligation_id, 120), "X-ECI-Obligation")),
        ("X-ECI-Step", encode_text(header_text(envelope.step, 120), "X-ECI-Step")),
        ("X-ECI-Kind", encode_text(header_text(envelope.kind, 40), "X-ECI-Kind")),
        ("MIME-Version", "1.0"),
    ]
    lines = [f"{name}: {value}".replace("\n", "\r\n") for name, value in headers]
    mixed = "=_eci_m_" + digest[:24]
    if attachments:
        lines += [f'Content-Type: multipart/mixed; boundary="{mixed}"', "", f"--{mixed}"]
    lines.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
    if attachments:
        lines.append("")
    for subtype, body in (("plain", rendered.text), ("html", rendered.html)):
        lines += [
            f"--{boundary}",
            f'Content-Type: text/{subtype}; charset="utf-8"',
            "Content-Transfer-Encoding: base64",
            "",
            _base64_lines(body),
        ]
    lines += [f"--{boundary}--", ""]
    for attachment in attachments:
        lines += [
            f"--{mixed}",
            f'Content-Type: {attachment.media_type}; name="{attachment.filename}"',
            f'Content-Disposition: attachment; filename="{attachment.filename}"',
            "Content-Transfer-Encoding: base64",
            "",
            base64.encodebytes(attachment.data).decode("ascii").rstrip("\n").replace("\n", "\r\n"),
        ]
    if attachments:
        lines += [f"--{mixed}--", ""]
    return "\r\n".join(lines).encode("ascii")


def _base64_lines(text: str) -> str:
    canonical = "\r\n".join(text.splitlines()) + "\r\n"
    return base64.encodebytes(canonical.encode()).decode("ascii").rstrip("\n").replace("\n", "\r\n")


def recipients_of(addresses: Sequence[Address]) -> list[str]:
    """The envelope recipients (RCPT TO) of a list of mailboxes."""
    return [a.addr_spec for a in addresses]
