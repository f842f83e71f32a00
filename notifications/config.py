"""Mail settings as the notifications layer sees them, read from the tracker's settings object."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from domain.intake.token import IntakeKey
from notifications.intake_keys import load_intake_keys


class MailSettings(Protocol):
    """The fields of `config.settings.Settings` that mail needs (structural: tests pass lighter objects)."""

    smtp_host: str
    smtp_port: int
    smtp_user: str | None
    smtp_password: str | None
    smtp_starttls: bool
    smtp_allow_self_signed: bool
    smtp_rate_per_second: float
    smtp_connections: int
    mail_from: str
    coordinator_email: str

    @property
    def effective_database_url(self) -> str: ...

    @property
    def mail_dir(self) -> Path: ...


@dataclass(frozen=True)
class MailConfig:
    """Where and how to send: the SMTP server, the sender, the coordinator, the outbox database."""

    smtp_host: str
    smtp_port: int
    mail_from: str
    coordinator_email: str
    database_url: str
    smtp_user: str | None = None
    smtp_password: str | None = None
    starttls: bool = False
    allow_self_signed: bool = False
    # 0 disables the limit (benchmarks, tests)
    rate_per_second: float = 50.0
    # connections kept open to the server: a reply awaited on one overlaps a send on another
    connections: int = 8
    # 4xx answers: attempts inside one delivery before giving up to the caller's own retry
    attempts: int = 4
    backoff_initial: float = 0.5
    backoff_max: float = 8.0
    timeout: float = 30.0
    # Replies to regions' mail go to `local+token@domain` of this address, tokens made with this key.
    intake_address: str | None = None
    intake_key: IntakeKey | None = None
    # The log key that signs the checkpoints receipts carry; None: messages go without a log receipt.
    log_key_file: Path | None = None

    @classmethod
    def from_settings(cls, settings: MailSettings) -> MailConfig:
        """Copy the mail fields from the tracker's settings."""
        return cls(
            smtp_host=settings.smtp_host,
            smtp_port=settings.smtp_port,
            smtp_user=settings.smtp_user,
            smtp_password=settings.smtp_password,
            starttls=settings.smtp_starttls,
            allow_self_signed=settings.smtp_allow_self_signed,
            rate_per_second=settings.smtp_rate_per_second,
            connections=settings.smtp_connections,
            mail_from=settings.mail_from,
            coordinator_email=settings.coordinator_email,
            database_url=settings.effective_database_url,
            log_key_file=getattr(settings, "effective_log_key_file", None),
            **_intake(settings),
        )

    @property
    def mail_domain(self) -> str:
        """The right-hand side of our Message-IDs: the sender's domain."""
        domain = self.mail_from.rpartition("@")[2].strip(" >")
        return domain or "eci.local"


def _intake(settings: MailSettings) -> dict[str, object]:
    """The intake's address and signing key, when the settings name an intake address."""
    # Lighter settings objects of tests and tools may have no intake fields at all.
    address = getattr(settings, "intake_address", None)
    if not address:
        return {}
    keys = load_intake_keys(getattr(settings, "intake_secret", None), settings.intake_key_file)  # type: ignore[attr-defined]
    return {"intake_address": address, "intake_key": keys.current}
