"""The outbox: every message is recorded (with its exact bytes) before it is sent, and marked after.

A crash between the two leaves the row `pending`; the next attempt resends the stored bytes, so the
receiver sees the same Message-ID again, never a second, different message. Escalations wait here as
`queued` rows until a digest carries them to the coordinator.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError

metadata = MetaData()

outbox_table = Table(
    "outbox",
    metadata,
    Column("message_id", String(200), primary_key=True),
    Column("obligation_id", String(200), nullable=False, index=True),
    Column("step", String(120), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("recipients", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("raw", LargeBinary, nullable=True),
    Column("digest_key", String(200), nullable=True, index=True),
    Column("digest_message_id", String(200), nullable=True),
    Column("days", Integer, nullable=True),
    Column("request", Text, nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True),
)


class OutboxStatus(StrEnum):
    """Where a row stands."""

    PENDING = "pending"  # recorded, not yet accepted by the server
    SENT = "sent"  # the server accepted it
    FAILED = "failed"  # permanent failure (5xx, invalid address)
    QUEUED = "queued"  # an escalation waiting for the next digest
    DIGESTED = "digested"  # an escalation carried by a digest


@dataclass(frozen=True)
class OutboxEntry:
    """One row of the outbox."""

    message_id: str
    obligation_id: str
    step: str
    kind: str
    status: OutboxStatus
    recipients: tuple[str, ...]
    subject: str
    created_at: dt.datetime
    raw: bytes | None = None
    digest_key: str | None = None
    digest_message_id: str | None = None
    days: int | None = None
    request: str | None = None  # the NoticeRequest as JSON, for rows a digest will describe
    attempts: int = 0
    last_error: str | None = None
    sent_at: dt.datetime | None = None


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands datetimes back naive; everything stored here is UTC
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def _from_row(row: Row[tuple[object, ...]]) -> OutboxEntry:
    m = row._mapping
    created = _utc(m["created_at"])
    assert created is not None
    return OutboxEntry(
        message_id=m["message_id"],
        obligation_id=m["obligation_id"],
        step=m["step"],
        kind=m["kind"],
        status=OutboxStatus(m["status"]),
        recipients=tuple(json.loads(m["recipients"])),
        subject=m["subject"],
        created_at=created,
        raw=m["raw"],
        digest_key=m["digest_key"],
        digest_message_id=m["digest_message_id"],
        days=m["days"],
        request=m["request"],
        attempts=m["attempts"],
        last_error=m["last_error"],
        sent_at=_utc(m["sent_at"]),
    )


def _values(entry: OutboxEntry) -> dict[str, object]:
    return {
        "message_id": entry.message_id,
        "obligation_id": entry.obligation_id,
        "step": entry.step,
        "kind": entry.kind,
        "status": entry.status.value,
        "recipients": json.dumps(list(entry.recipients), ensure_ascii=False),
        "subject": entry.subject,
        "raw": entry.raw,
        "digest_key": entry.digest_key,
        "digest_message_id": entry.digest_message_id,
        "days": entry.days,
        "request": entry.request,
        "attempts": entry.attempts,
        "last_error": entry.last_error,
        "created_at": entry.created_at,
        "sent_at": entry.sent_at,
    }


def open_engine(url: str) -> Engine:
    """An engine for the outbox; SQLite gets WAL and a busy timeout (the event store writes alongside)."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: object, _record: object) -> None:
        cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    return engine


# Statements built once: a morning's reminders run them thousands of times
_INSERT = insert(outbox_table)
_GET = select(outbox_table).where(outbox_table.c.message_id == bindparam("mid"))
_MARK = (
    update(outbox_table)
    .where(outbox_table.c.message_id == bindparam("mid"))
    .values(status=bindparam("status"), sent_at=bindparam("sent_at"), last_error=bindparam("error"))
)
_ATTEMPT = (
    update(outbox_table)
    .where(outbox_table.c.message_id == bindparam("mid"))
    .values(attempts=outbox_table.c.attempts + 1, last_error=bindparam("error"))
)


class Outbox:
    """Synchronous access to the outbox table (callers on an event loop use a thread)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Outbox:
        """Open the outbox in the database at `url` (its table comes from migration 0003_outbox)."""
        return cls(open_engine(url))

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def record(self, entry: OutboxEntry) -> OutboxEntry:
        """Insert the entry unless its Message-ID is already there; return what the outbox holds."""
        try:
            with self.engine.begin() as conn:
                conn.execute(_INSERT, [_values(entry)])
            return entry
        except IntegrityError:
            existing = self.get(entry.message_id)
            assert existing is not None
            return existing

    def get(self, message_id: str) -> OutboxEntry | None:
        """The row of one Message-ID, if recorded."""
        with self.engine.connect() as conn:
            row = conn.execute(_GET, {"mid": message_id}).first()
        return _from_row(row) if row else None

    def mark_sent(self, message_id: str, at: dt.datetime) -> None:
        """The server accepted the message."""
        self._mark(message_id, OutboxStatus.SENT, at, None)

    def mark_failed(self, message_id: str, error: str) -> None:
        """The message can never be delivered as it is."""
        self._mark(message_id, OutboxStatus.FAILED, None, error[:2000])

    def note_attempt(self, message_id: str, error: str | None) -> None:
        """Count one delivery attempt (and its transient error, if any)."""
        with self.engine.begin() as conn:
            conn.execute(_ATTEMPT, {"mid": message_id, "error": error[:2000] if error else None})

    def _mark(self, message_id: str, status: OutboxStatus, at: dt.datetime | None, error: str | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(_MARK, {"mid": message_id, "status": status.value, "sent_at": at, "error": error})

    def by_status(self, status: OutboxStatus, limit: int | None = None) -> list[OutboxEntry]:
        """Rows in one status, oldest first."""
        query = select(outbox_table).where(outbox_table.c.status == status.value)
        query = query.order_by(outbox_table.c.created_at, outbox_table.c.message_id).limit(limit)
        with self.engine.connect() as conn:
            return [_from_row(r) for r in conn.execute(query)]

    def for_obligation(self, obligation_id: str) -> list[OutboxEntry]:
        """Every row about one obligation, oldest first."""
        query = select(outbox_table).where(outbox_table.c.obligation_id == obligation_id)
        with self.engine.connect() as conn:
            return [_from_row(r) for r in conn.execute(query.order_by(outbox_table.c.created_at))]

    def record_digest(self, digest: OutboxEntry, members: Sequence[str]) -> OutboxEntry:
        """Record a digest and tie its queued members to it, in one transaction (idempotent)."""
        with self.engine.begin() as conn:
            found = conn.execute(
                select(outbox_table).where(outbox_table.c.message_id == digest.message_id)
            ).first()
            if found is None:
                conn.execute(_INSERT, [_values(digest)])
            conn.execute(
                update(outbox_table)
                .where(outbox_table.c.message_id.in_(list(members)))
                .where(outbox_table.c.status == OutboxStatus.QUEUED.value)
                .values(status=OutboxStatus.DIGESTED.value, digest_message_id=digest.message_id)
            )
        return _from_row(found) if found else digest


def with_status(entry: OutboxEntry, status: OutboxStatus) -> OutboxEntry:
    """A copy of the entry in another status."""
    return replace(entry, status=status)
