"""Build one RFC 5322 message: encoded headers, stable Message-ID, plain text with an HTML alternative.

Every value that reaches a header passes through `header_text` or `parse_address`, so a CR/LF hidden in a
name, a reason or a document number can never start a header of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

# SMTP policy: CRLF line ends and RFC 2047 encoded words for non-ASCII headers (no SMTPUTF8 needed)
MAIL_POLICY = policy.SMTP

# Controls (C0, DEL, C1) and the Unicode line/paragraph separators a header must never carry
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s+")
_ADDR_SPEC = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)
HEADER_MAX = 300


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
class Envelope:
    """Who sends, who receives, who gets the replies, and what the message is about."""

    sender: Address
    recipients: tuple[Address, ...]
    reply_to: Address
    message_id: str
    obligation_id: str
    step: str
    kind: str


def build_message(envelope: Envelope, rendered: Rendered, date: dt.datetime) -> EmailMessage:
    """Assemble the message; `date` must be tz-aware (it is recorded once and resent unchanged)."""
    if date.tzinfo is None:
        raise ValueError("the Date header needs a tz-aware datetime")
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["From"] = envelope.sender
    msg["To"] = envelope.recipients
    msg["Reply-To"] = envelope.reply_to
    msg["Subject"] = header_text(rendered.subject, 250)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = envelope.message_id
    msg["Auto-Submitted"] = "auto-generated"
    # ids are ASCII except federal participants; header_text keeps them on one line, the policy encodes them
    msg["X-ECI-Obligation"] = header_text(envelope.obligation_id, 120)
    msg["X-ECI-Step"] = header_text(envelope.step, 120)
    msg["X-ECI-Kind"] = header_text(envelope.kind, 40)
    msg.set_content(rendered.text, subtype="plain", charset="utf-8", cte="base64")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8", cte="base64")
    return msg


def recipients_of(addresses: Sequence[Address]) -> list[str]:
    """The envelope recipients (RCPT TO) of a list of mailboxes."""
    return [a.addr_spec for a in addresses]
