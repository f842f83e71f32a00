"""The writer's transaction seal: a column of its own, beside the last row each seal covers.

A seal signs the chain hash of that row (`store.sealing`), so it cannot be part of the hashed row
itself. Rows written before this revision keep their per-event seal inside `metadata`, and verifiers
still check those.

Revision ID: 0007_transaction_seals
Revises: 0006_checkpoints
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_transaction_seals"
down_revision = "0006_checkpoints"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("seal", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("seal")
