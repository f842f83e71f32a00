"""Participants' work contacts, replaced as a whole by `eci contacts import`.

Revision ID: 0002_contacts
Revises: 0001_events
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_contacts"
down_revision = "0001_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("participant", sa.String(255), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.UniqueConstraint("participant", "role", "email", name="uq_contacts_participant_role_email"),
    )
    op.create_index("ix_contacts_participant", "contacts", ["participant"])


def downgrade() -> None:
    op.drop_index("ix_contacts_participant", table_name="contacts")
    op.drop_table("contacts")
