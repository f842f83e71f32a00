"""The mail outbox: each message's exact bytes, recorded before it is sent and marked after.

Revision ID: 0003_outbox
Revises: 0002_contacts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_outbox"
down_revision = "0002_contacts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("message_id", sa.String(200), primary_key=True),
        sa.Column("obligation_id", sa.String(200), nullable=False),
        sa.Column("step", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=True),
        sa.Column("digest_key", sa.String(200), nullable=True),
        sa.Column("digest_message_id", sa.String(200), nullable=True),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("request", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_outbox_obligation_id", "outbox", ["obligation_id"])
    op.create_index("ix_outbox_status", "outbox", ["status"])
    op.create_index("ix_outbox_digest_key", "outbox", ["digest_key"])


def downgrade() -> None:
    op.drop_index("ix_outbox_digest_key", table_name="outbox")
    op.drop_index("ix_outbox_status", table_name="outbox")
    op.drop_index("ix_outbox_obligation_id", table_name="outbox")
    op.drop_table("outbox")
