"""The embedded mail sink: an aiosmtpd server that files every message it accepts in a Maildir.

The sink keeps one copy per Message-ID: a message resent after a crash (same bytes, same id) is
acknowledged and not filed twice, which is what a mail client showing threads by Message-ID would do.
Mail for the intake's addresses (a region's reply) is handed to the intake's listener, so the embedded
stack closes the loop from reminder to submission with no outside mail server.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path
from typing import Any, Protocol

import aiosmtplib
from aiosmtpd.controller import Controller

from domain.intake.token import token_of

MAILDIR_SUBDIRS = ("tmp", "new", "cur")
log = logging.getLogger("eci.sink")


def message_key(message_id: str) -> str:
    """The file-name key of a Message-ID."""
    return hashlib.sha256(message_id.strip().encode()).hexdigest()[:24]


def _key_of(filename: str) -> str | None:
    parts = filename.split(".")
    return parts[1] if len(parts) >= 3 and parts[2].startswith("eci") else None


class MaildirStore:
    """Files messages as `<time>.<key>.eci` in `root/new`, one per Message-ID."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for sub in MAILDIR_SUBDIRS:
            (root / sub).mkdir(parents=True, exist_ok=True)
        self.keys = {k for sub in ("new", "cur") for f in os.listdir(root / sub) if (k := _key_of(f))}

    def add(self, raw: bytes, envelope_to: list[str]) -> bool:
        """File one message; False when its Message-ID is already here."""
        headers = BytesHeaderParser(policy=SMTP_POLICY).parsebytes(raw)
        message_id = str(headers.get("Message-ID", "")).strip() or f"<{uuid.uuid4()}@sink>"
        key = message_key(message_id)
        if key in self.keys:
            return False
        self.keys.add(key)
        prefix = "".join(f"Delivered-To: {addr}\r\n" for addr in envelope_to).encode()
        name = f"{time.time_ns()}.{key}.eci"
        tmp = self.root / "tmp" / name
        tmp.write_bytes(prefix + raw)
        os.replace(tmp, self.root / "new" / name)
        return True


class _Envelope(Protocol):
    original_content: bytes | None
    content: bytes | str | None
    rcpt_tos: list[str]


@dataclass(frozen=True)
class IntakeRoute:
    """Where the embedded sink hands mail for the intake's addresses (`local+token@domain`)."""

    address: str
    host: str
    port: int

    def takes(self, recipient: str) -> bool:
        """Whether mail to `recipient` is the intake's."""
        return (
            recipient.strip().lower() == self.address.lower() or token_of(recipient, self.address) is not None
        )


class MaildirHandler:
    """aiosmtpd handler: accept, file, answer 250; mail for the intake is handed on to it."""

    def __init__(self, root: Path, intake: IntakeRoute | None = None) -> None:
        self.store = MaildirStore(root)
        self.intake = intake
        self.received = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: _Envelope) -> str:  # noqa: N802
        """File the message (duplicates by Message-ID are acknowledged, not filed)."""
        raw = envelope.original_content or envelope.content or b""
        data = raw.encode() if isinstance(raw, str) else raw
        recipients = list(envelope.rcpt_tos)
        route = self.intake
        for_intake = [r for r in recipients if route is not None and route.takes(r)]
        if route is not None and for_intake:
            try:
                # The intake answers once the message is stored and recorded, so a 250 here means kept.
                await aiosmtplib.send(
                    data, sender=getattr(envelope, "mail_from", None) or "", recipients=for_intake,
                    hostname=route.host, port=route.port, timeout=60,
                )  # fmt: skip
            except (aiosmtplib.SMTPException, OSError) as exc:
                log.warning("intake at %s:%s did not take a reply: %s", route.host, route.port, exc)
                return "451 4.3.0 the intake is not reachable; try again later"
            recipients = [r for r in recipients if r not in for_intake]
            if not recipients:
                self.received += 1
                return "250 Message handed to the intake"
        filed = self.store.add(data, recipients)
        self.received += 1
        return "250 Message accepted for delivery" if filed else "250 Message already delivered"


@dataclass
class SinkHandle:
    """A running sink; `stop()` shuts it down."""

    controller: Controller
    hostname: str
    port: int
    maildir: Path

    def stop(self) -> None:
        """Stop the server thread."""
        self.controller.stop()


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def port_in_use(host: str, port: int) -> bool:
    """Whether something already accepts connections at host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def start_maildir_sink(
    maildir: Path,
    hostname: str = "127.0.0.1",
    port: int = 8025,
    intake: IntakeRoute | None = None,
    **smtp: Any,
) -> SinkHandle:
    """Start an SMTP server on hostname:port filing into `maildir`; returns once it accepts connections."""
    # aiosmtpd logs every connection at INFO; the sink's users want the messages, not the chatter
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controller = Controller(MaildirHandler(maildir, intake), hostname=hostname, port=port, **smtp)
    controller.start()
    return SinkHandle(controller, hostname, port, maildir)


class SinkSettings(Protocol):
    """What the sink reads from the tracker's settings."""

    smtp_host: str
    smtp_port: int

    @property
    def mail_dir(self) -> Path: ...


def start_sink(settings: SinkSettings, ident: str | None = None) -> SinkHandle:
    """Start the local sink where the settings point the mail (ECI_SMTP_HOST/PORT, ECI_DATA_DIR/mail).

    With an intake address set, replies to it are handed to the intake's listener instead of being filed.
    `ident` follows the host name in the greeting (the stack's instance id: how a second `eci up` tells
    its own sink from another data dir's).
    """
    address = getattr(settings, "intake_address", None)
    route = (
        IntakeRoute(
            address, getattr(settings, "intake_host", "127.0.0.1"), getattr(settings, "intake_port", 8026)
        )
        if address
        else None
    )
    extra = {"ident": ident} if ident else {}
    host, port = settings.smtp_host, settings.smtp_port
    return start_maildir_sink(settings.mail_dir, host, port, intake=route, **extra)
