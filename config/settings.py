"""All configuration in one typed model read from `ECI_*` environment variables."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """The tracker's settings; every field can be set as `ECI_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="ECI_", extra="ignore")

    data_dir: Path = Field(default=Path(".eci"), description="All local state lives here.")
    # The group that shares the data dir among several coordinators on one server (setgid 2770
    # directories, 0660 files); unset: the data dir is its owner's alone (0700, 0600).
    data_group: str | None = None
    database_url: str | None = Field(default=None, description="Event store; SQLite under data_dir if unset.")
    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    temporal_task_queue: str = "eci-obligations"
    temporal_tls_cert: Path | None = None
    temporal_tls_key: Path | None = None
    temporal_ui_port: int = 8233
    worker_cache_size: int = 3000
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_allow_self_signed: bool = False
    smtp_rate_per_second: float = 50.0
    smtp_connections: int = Field(default=8, ge=1, le=32)
    mail_from: str = "eci@rannyaya-pomoshch.local"
    coordinator_email: str = "coordinator@rannyaya-pomoshch.local"
    # The role acted in when a command has no `--as` (one of the signed-in user's own roles).
    actor: str | None = None
    # Where the signed-in user's private signing key lives; unset: ~/.config/eci of the OS user.
    key_dir: Path | None = None
    # The mail intake: replies to `local+token@domain` of this address are submissions.
    intake_address: str | None = None
    # `id:hex` secrets, newest first (`k2:…,k1:…`): the first makes tokens, all verify. Unset: a key
    # file under the data dir, created on first use.
    intake_secret: str | None = None
    intake_host: str = "127.0.0.1"
    intake_port: int = 8026
    # Limits on what one message may make the intake do (docs/intake.md "Limits"). A message over any
    # of them is quarantined with the reason; the listener refuses outright one over twice the size.
    intake_max_bytes: int = Field(default=25_000_000, ge=1_000, description="Decoded attachments, in all.")
    intake_max_message_bytes: int = Field(default=36_000_000, ge=10_000, description="The message as sent.")
    intake_max_parts: int = Field(default=50, ge=2, le=10_000, description="MIME parts in one message.")
    intake_max_depth: int = Field(default=10, ge=1, le=100, description="Nesting of multipart parts.")
    intake_max_header_bytes: int = Field(default=64_000, ge=1_000, description="One part's header block.")
    intake_max_documents: int = Field(default=20, ge=1, le=20, description="Files in one submission.")
    intake_archive_max_unpacked: int = Field(default=100_000_000, ge=1_000_000)
    intake_archive_max_members: int = Field(default=1_000, ge=10)
    intake_parse_timeout_seconds: float = Field(default=30.0, gt=0, description="One parse, then killed.")
    intake_parse_memory_mb: int = Field(default=512, ge=32, description="Address space a parse may add.")
    intake_parser_processes: int = Field(default=2, ge=1, le=16)
    # Poison messages: after this many failed attempts (crash, timeout, memory) a message is quarantined.
    intake_max_attempts: int = Field(default=3, ge=1, le=20)
    intake_retry_seconds: float = Field(default=60.0, gt=0, description="Unfinished messages retried.")
    # How long one attempt may take at most: a message with no outcome whose attempt began longer ago
    # than this is not being processed, and the coordinator may drop or release it.
    intake_attempt_seconds: float = Field(default=180.0, gt=0)
    # Who vouches for the sender (docs/intake.md "Sender policy"): none, dkim, dmarc.
    intake_sender_policy: str = Field(default="none", pattern="^(none|dkim|dmarc)$")
    # The receiving server's authserv-id (RFC 8601): only its Authentication-Results are read. Unset:
    # none are read, and the intake verifies DKIM, SPF and DMARC itself when the policy asks.
    intake_authserv_id: str | None = None
    # A JSON table of DNS answers ({"name TYPE": [values]}) for the intake's own checks, instead of the
    # host's resolver (tests; hosts without DNS).
    intake_dns_answers: Path | None = None
    # Deprecated spelling of `intake_sender_policy=dkim`.
    intake_require_dkim: bool = False
    intake_imap_url: str | None = None
    log_format: str = "text"
    # Report-form answer files (YAML), on the CLI and by mail: size, nesting and node count.
    form_max_bytes: int = Field(default=5_000_000, ge=10_000)
    form_max_depth: int = Field(default=8, ge=3, le=50)
    form_max_nodes: int = Field(default=200_000, ge=1_000)
    # The Ed25519 key that signs the log's checkpoints; unset: `log.ed25519.pem` (0600) in the data dir.
    log_key_file: Path | None = None
    # The log's witnesses: auditors' addresses, comma-separated, mailed every checkpoint signed for them.
    witness_emails: str = ""

    @cached_property
    def effective_database_url(self) -> str:
        """The configured URL, or the default SQLite file under the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'events.sqlite3').resolve()}"

    def has_store(self) -> bool:
        """Whether there is a store to read: a configured database, or the embedded SQLite file."""
        return bool(self.database_url) or (self.data_dir / "events.sqlite3").exists()

    @property
    def sender_policy(self) -> str:
        """The sender policy in force (the old `intake_require_dkim` means at least `dkim`)."""
        if self.intake_require_dkim and self.intake_sender_policy == "none":
            return "dkim"
        return self.intake_sender_policy

    @property
    def documents_dir(self) -> Path:
        """Content-addressed document files."""
        return self.data_dir / "documents"

    @property
    def intake_key_file(self) -> Path:
        """The embedded stack's intake secret (mode 0600), when `intake_secret` is not set."""
        return self.data_dir / "intake.key"

    @property
    def effective_log_key_file(self) -> Path:
        """The log key's file: `log_key_file`, or `log.ed25519.pem` in the data dir."""
        return self.log_key_file or self.data_dir / "log.ed25519.pem"

    @property
    def witnesses(self) -> tuple[str, ...]:
        """The witnesses' addresses."""
        return tuple(a.strip() for a in self.witness_emails.split(",") if a.strip())

    @property
    def is_embedded(self) -> bool:
        """The embedded stack: the event store is the SQLite file under the data dir."""
        return not self.database_url

    @property
    def mail_dir(self) -> Path:
        """Maildir of the local SMTP sink."""
        return self.data_dir / "mail"

    @property
    def temporal_db_file(self) -> Path:
        """The embedded Temporal dev server's state."""
        return self.data_dir / "temporal.sqlite3"


def load_settings() -> Settings:
    """Read the settings from the environment (never at import time).

    While this data dir's embedded stack runs, the ports it chose stand in for the defaults; a variable
    the user set always wins.
    """
    from config.stack_file import running_addresses

    settings = Settings()
    running = running_addresses(settings.data_dir)
    chosen = {k: v for k, v in running.items() if k not in settings.model_fields_set}
    return settings.model_copy(update=chosen) if chosen else settings
