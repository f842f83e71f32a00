"""Read the sink's Maildir back: summaries for `eci mail list`, decoded text for `eci mail show`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.policy import default as DEFAULT_POLICY
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path


@dataclass(frozen=True)
class MailSummary:
    """One filed message, as `eci mail list` shows it."""

    message_id: str
    to: tuple[str, ...]
    subject: str
    date: dt.datetime | None
    obligation: str | None
    path: Path


def _files(root: Path) -> list[Path]:
    dirs = [root / sub for sub in ("new", "cur") if (root / sub).is_dir()]
    return [p for d in dirs for p in d.iterdir() if p.is_file()]


def _headers(path: Path) -> Message:
    # headers only, read raw: the legacy decoder below follows RFC 2047 where the modern one does not
    with path.open("rb") as f:
        return BytesHeaderParser(policy=compat32).parse(f)


def _decoded(headers: Message, name: str) -> str | None:
    """A header decoded by RFC 2047 rules (whitespace between adjacent encoded words is dropped,
    which the modern `email` parser does not do inside address display names)."""
    raw = headers.get(name)
    if raw is None:
        return None
    return " ".join(str(make_header(decode_header(str(raw)))).split())


def _date(headers: Message) -> dt.datetime | None:
    raw = headers.get("Date")
    try:
        return parsedate_to_datetime(str(raw)) if raw else None
    except (TypeError, ValueError):
        return None


def _recipients(headers: Message) -> tuple[str, ...]:
    delivered = [str(v).strip() for v in headers.get_all("Delivered-To", [])]
    if delivered:
        return tuple(delivered)
    return tuple(addr for _, addr in getaddresses([str(v) for v in headers.get_all("To", [])]) if addr)


def _message_id(headers: Message) -> str:
    return str(headers.get("Message-ID", "")).strip()


def summarize(path: Path) -> MailSummary:
    """The summary of one message file."""
    headers = _headers(path)
    return MailSummary(
        message_id=_message_id(headers),
        to=_recipients(headers),
        subject=_decoded(headers, "Subject") or "",
        date=_date(headers),
        obligation=_decoded(headers, "X-ECI-Obligation"),
        path=path,
    )


def list_mail(root: Path, to: str | None = None) -> list[MailSummary]:
    """Every message in the Maildir (optionally only those to one address), oldest first."""
    wanted = to.strip().lower() if to else None
    found = [summarize(p) for p in _files(root)]
    if wanted:
        found = [m for m in found if wanted in (a.lower() for a in m.to)]
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(found, key=lambda m: (m.date or epoch, m.path.name))


def find_mail(root: Path, message_id: str) -> Path | None:
    """The file of a Message-ID (with or without the angle brackets)."""
    wanted = message_id.strip().strip("<>")
    return next((p for p in _files(root) if _message_id(_headers(p)).strip("<>") == wanted), None)


def show_text(path: Path) -> str:
    """The message decoded for a terminal: main headers, then the plain-text body."""
    headers = _headers(path)
    names = ("Message-ID", "Date", "From", "To", "Reply-To", "Subject")
    lines = [f"{name}: {value}" for name in names if (value := _decoded(headers, name)) is not None]
    if (obligation := _decoded(headers, "X-ECI-Obligation")) is not None:
        lines.append(f"Obligation: {obligation}")
    msg = message_from_bytes(path.read_bytes(), policy=DEFAULT_POLICY)
    assert isinstance(msg, EmailMessage)
    body = msg.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    return "\n".join(lines) + "\n\n" + str(text).replace("\r\n", "\n").rstrip() + "\n"
