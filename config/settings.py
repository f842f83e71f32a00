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
    intake_max_bytes: int = Field(default=25_000_000, ge=1_000)
    intake_require_dkim: bool = False
    intake_imap_url: str | None = None
    log_format: str = "text"

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
    def documents_dir(self) -> Path:
        """Content-addressed document files."""
        return self.data_dir / "documents"

    @property
    def intake_key_file(self) -> Path:
        """The embedded stack's intake secret (mode 0600), when `intake_secret` is not set."""
        return self.data_dir / "intake.key"

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
