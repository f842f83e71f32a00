"""Tables of the store as typed SQLAlchemy models: the public `events` table and the projections.

The migrations in `store/migrations` create exactly these tables; keep both in step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# SQLite: INTEGER PRIMARY KEY is the rowid, the fastest possible key.
Position = BigInteger().with_variant(Integer(), "sqlite")
# SQLite has no JSON type; the column holds the canonical JSON text as written.
JsonText = JSON().with_variant(Text(), "sqlite")


class UtcTimestamp(TypeDecorator[dt.datetime]):
    """`timestamptz` on PostgreSQL; canonical `YYYY-MM-DDTHH:MM:SS.ffffffZ` text on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        """Text on SQLite, so the stored value is exactly the hashed value."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(32))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> Any:
        """Normalise to UTC (text on SQLite)."""
        if value is None:
            return None
        value = value.astimezone(dt.UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ") if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        """An aware UTC datetime."""
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC)
        return dt.datetime.fromisoformat(str(value))


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""


class EventRow(Base):
    """One recorded event: the system of record."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("stream", "version", name="uq_events_stream_version"),)

    position: Mapped[int] = mapped_column(Position, primary_key=True, autoincrement=False)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    stream: Mapped[str] = mapped_column(String(255))
    version: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(100))
    schema_version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[Any] = mapped_column(JsonText)
    metadata_: Mapped[Any] = mapped_column("metadata", JsonText)
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # The writer's seal over this row and those before it in its transaction (`store.sealing`); not hashed.
    seal: Mapped[str | None] = mapped_column(Text, nullable=True)


class ProjectionPositionRow(Base):
    """How far each projection has folded the log."""

    __tablename__ = "projection_positions"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger)


class ObligationStatusRow(Base):
    """The folded status of one obligation (the full status as JSON, key fields as columns)."""

    __tablename__ = "obligation_status"
    __table_args__ = (
        Index("ix_obligation_status_participant", "cycle", "participant"),
        Index("ix_obligation_status_measure", "cycle", "measure"),
    )

    obligation_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    cycle: Mapped[int] = mapped_column(Integer)
    measure: Mapped[int] = mapped_column(Integer)
    participant: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20))
    due: Mapped[str] = mapped_column(String(10))
    effective_due: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(Text)


class ParticipantSummaryRow(Base):
    """Obligations per cycle, participant and state."""

    __tablename__ = "participant_summary"

    cycle: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant: Mapped[str] = mapped_column(String(100), primary_key=True)
    state: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class MeasureSummaryRow(Base):
    """Obligations per cycle, measure and state."""

    __tablename__ = "measure_summary"

    cycle: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class DocumentIndexRow(Base):
    """Every submitted document: which event brought it, its file fingerprint and details."""

    __tablename__ = "document_index"
    __table_args__ = (
        Index("ix_document_index_sha256", "sha256"),
        Index("ix_document_index_obligation", "obligation_id"),
    )

    position: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    ordinal: Mapped[int] = mapped_column(Integer, primary_key=True)
    obligation_id: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(255))
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(50))
    number: Mapped[str] = mapped_column(String(100))
    date: Mapped[str] = mapped_column(String(10))
    issuer: Mapped[str] = mapped_column(String(500))
    title: Mapped[str | None] = mapped_column(String(1000), nullable=True)


PROJECTION_TABLES = ("obligation_status", "participant_summary", "measure_summary", "document_index")
