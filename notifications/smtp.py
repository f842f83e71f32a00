"""SMTP delivery over aiosmtplib: a few kept-alive connections per sender, STARTTLS, auth, error classes.

Answers are sorted into two outcomes the outbox acts on: a transient failure (4xx, a dropped or refused
connection, a timeout) is retried with the same bytes; a permanent one (5xx) is reported, never retried.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field

import aiosmtplib
from aiosmtplib import errors as smtp_errors

from notifications.config import MailConfig
from notifications.rate_limit import RateLimiter, limiter_for


class TransientSendError(Exception):
    """The server may take the message later: retry with the same bytes."""


class PermanentSendError(Exception):
    """The server refused the message for good (5xx)."""


@dataclass(frozen=True)
class SendReport:
    """Recipients the server refused although it took the message for the others."""

    refused: dict[str, str] = field(default_factory=dict)


def _tls_context(config: MailConfig) -> ssl.SSLContext | None:
    if not config.allow_self_signed:
        return None
    context = ssl.create_default_context()
    # an explicitly allowed self-signed server (a local relay, a test server): encrypt, do not verify
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _is_transient(code: int) -> bool:
    return 400 <= code < 500


class SmtpSender:
    """Sends raw messages to the configured server over up to `config.connections` kept-alive connections.

    One connection spends most of each message waiting for the server's answers (MAIL, RCPT, DATA and
    the final one); with a few, those waits overlap. Each connection carries one conversation at a time.
    """

    def __init__(self, config: MailConfig, limiter: RateLimiter | None = None) -> None:
        self.config = config
        self.limiter = limiter or limiter_for(config.smtp_host, config.smtp_port, config.rate_per_second)
        self._idle: list[aiosmtplib.SMTP] = []
        self._open = 0
        self._slots = asyncio.Semaphore(max(1, config.connections))

    def _client(self) -> aiosmtplib.SMTP:
        c = self.config
        return aiosmtplib.SMTP(
            hostname=c.smtp_host,
            port=c.smtp_port,
            username=c.smtp_user or None,
            password=c.smtp_password or None,
            start_tls=True if c.starttls else False,
            validate_certs=not c.allow_self_signed,
            tls_context=_tls_context(c),
            timeout=c.timeout,
        )

    async def _connected(self) -> aiosmtplib.SMTP:
        while self._idle:
            smtp = self._idle.pop()
            if smtp.is_connected:
                return smtp
            self._open -= 1
        smtp = self._client()
        await smtp.connect()
        self._open += 1
        return smtp

    async def close(self) -> None:
        """Say QUIT on every idle connection and drop them."""
        idle, self._idle = self._idle, []
        for smtp in idle:
            self._open -= 1
            if smtp.is_connected:
                try:
                    await smtp.quit()
                except (smtp_errors.SMTPException, OSError):
                    smtp.close()

    def _drop(self, smtp: aiosmtplib.SMTP | None) -> None:
        if smtp is not None:
            self._open -= 1
            smtp.close()

    async def send(self, sender: str, recipients: Sequence[str], raw: bytes) -> SendReport:
        """Deliver `raw` once; raise TransientSendError or PermanentSendError when the server says no."""
        await self.limiter.acquire()
        async with self._slots:
            smtp: aiosmtplib.SMTP | None = None
            try:
                smtp = await self._connected()
                refused, _ = await smtp.sendmail(sender, list(recipients), raw)
            except smtp_errors.SMTPRecipientsRefused as exc:
                self._drop(smtp)
                codes = [r.code for r in exc.recipients]
                reasons = "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in exc.recipients)
                if any(_is_transient(c) for c in codes):
                    raise TransientSendError(reasons) from exc
                raise PermanentSendError(reasons) from exc
            except smtp_errors.SMTPResponseException as exc:
                self._drop(smtp)
                text = f"{exc.code} {exc.message}"
                if _is_transient(exc.code) or isinstance(exc, smtp_errors.SMTPAuthenticationError):
                    # a wrong password is the operator's to fix; keep the message until then
                    raise TransientSendError(text) from exc
                raise PermanentSendError(text) from exc
            except (TimeoutError, smtp_errors.SMTPException, OSError) as exc:
                self._drop(smtp)
                raise TransientSendError(f"{type(exc).__name__}: {exc}") from exc
            except BaseException:
                self._drop(smtp)  # cancelled mid-conversation: the connection's state is unknown
                raise
            self._idle.append(smtp)
        return SendReport({addr: f"{r.code} {r.message}" for addr, r in refused.items()})
