"""The events table (the system of record) and the projections folded from it.

Revision ID: 0001_events
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_events"
down_revision = None
branch_labels = None
depends_on = None

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON_TEXT = sa.JSON().with_variant(sa.Text(), "sqlite")
TIMESTAMP = sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("position", POSITION, primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("stream", sa.String(255), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("payload", JSON_TEXT, nullable=False),
        sa.Column("metadata", JSON_TEXT, nullable=False),
        sa.Column("occurred_at", TIMESTAMP, nullable=False),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("event_id", name="uq_events_event_id"),
        sa.UniqueConstraint("stream", "version", name="uq_events_stream_version"),
    )
    op.create_table(
        "projection_positions",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("position", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "obligation_status",
        sa.Column("obligation_id", sa.String(255), primary_key=True),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("measure", sa.Integer(), nullable=False),
        sa.Column("participant", sa.String(100), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("due", sa.String(10), nullable=False),
        sa.Column("effective_due", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
    )
    op.create_index("ix_obligation_status_participant", "obligation_status", ["cycle", "participant"])
    op.create_index("ix_obligation_status_measure", "obligation_status", ["cycle", "measure"])
    op.create_table(
        "participant_summary",
        sa.Column("cycle", sa.Integer(), primary_key=True),
        sa.Column("participant", sa.String(100), primary_key=True),
        sa.Column("state", sa.String(20), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
    )
    op.create_table(
        "measure_summary",
        sa.Column("cycle", sa.Integer(), primary_key=True),
        sa.Column("measure", sa.Integer(), primary_key=True),
        sa.Column("state", sa.String(20), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
    )
    op.create_table(
        "document_index",
        sa.Column("position", sa.BigInteger(), primary_key=True),
        sa.Column("ordinal", sa.Integer(), primary_key=True),
        sa.Column("obligation_id", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(255), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("number", sa.String(100), nullable=False),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("issuer", sa.String(500), nullable=False),
        sa.Column("title", sa.String(1000), nullable=True),
    )
    op.create_index("ix_document_index_sha256", "document_index", ["sha256"])
    op.create_index("ix_document_index_obligation", "document_index", ["obligation_id"])


def downgrade() -> None:
    for table in ("document_index", "measure_summary", "participant_summary", "obligation_status"):
        op.drop_table(table)
    op.drop_table("projection_positions")
    op.drop_table("events")
