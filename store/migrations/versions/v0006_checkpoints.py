"""The log's Merkle tree nodes and its signed checkpoints.

`merkle_nodes` keeps the hash of every complete subtree of 256 or more events (level 8 and up), so an
inclusion or consistency proof reads a few dozen rows rather than the whole log; it is filled after the
fact, never in the append transaction. `checkpoints` keeps every checkpoint the log key signed. Both
are derived from `events` and can be dropped and rebuilt, but a checkpoint is a promise the tracker
made: the application's role may add rows, not change them.

Revision ID: 0006_checkpoints
Revises: 0005_append_only
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_checkpoints"
down_revision = "0005_append_only"
branch_labels = None
depends_on = None

WRITER = "eci_writer"


def upgrade() -> None:
    op.create_table(
        "merkle_nodes",
        sa.Column("level", sa.SmallInteger(), primary_key=True, autoincrement=False),
        sa.Column("idx", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "checkpoints",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("size", sa.BigInteger(), nullable=False, index=True),
        sa.Column("root", sa.String(64), nullable=False),
        sa.Column("signed_at", sa.String(32), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.Column("witnessed", sa.Boolean(), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{WRITER}') THEN
                    GRANT SELECT, INSERT ON merkle_nodes, checkpoints TO {WRITER};
                    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {WRITER};
                END IF;
            END $$
            """
        )


def downgrade() -> None:
    op.drop_table("checkpoints")
    op.drop_table("merkle_nodes")
