"""The events table refuses UPDATE and DELETE, on both engines; on PostgreSQL a role that may only append.

The hash chain already exposes a changed or removed row; these make the database refuse one in the first
place, so that rewriting history needs the owner's rights to drop the guard, which is itself evident.
On PostgreSQL the migration also makes the role `eci_writer` (NOLOGIN) with what the application needs:
read and insert on `events`, full rights on the read models, outbox, contacts and documents. The
application's login role is made a member (`GRANT eci_writer TO eci_app`); the owner runs migrations.
Where the migrating role may not create roles, the role is left to the administrator (docs/operations.md).

Revision ID: 0005_append_only
Revises: 0004_documents
"""

from __future__ import annotations

from alembic import op

revision = "0005_append_only"
down_revision = "0004_documents"
branch_labels = None
depends_on = None

WRITER = "eci_writer"
READ_MODELS = (
    "projection_positions", "obligation_status", "participant_summary", "measure_summary",
    "document_index", "contacts", "outbox", "documents", "document_chunks",
)  # fmt: skip


def _sqlite() -> None:
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER events_refuse_{action.lower()} BEFORE {action} ON events "
            f"BEGIN SELECT RAISE(ABORT, 'events are append-only: {action} refused'); END"
        )


def _postgresql() -> None:
    op.execute(
        """
        CREATE OR REPLACE FUNCTION eci_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
        "FOR EACH ROW EXECUTE FUNCTION eci_events_append_only()"
    )
    tables = ", ".join(READ_MODELS)
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{WRITER}') THEN
                CREATE ROLE {WRITER} NOLOGIN;
            END IF;
            GRANT USAGE ON SCHEMA public TO {WRITER};
            GRANT SELECT, INSERT ON events TO {WRITER};
            GRANT SELECT ON alembic_version TO {WRITER};
            GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {WRITER};
            GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {WRITER};
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'role {WRITER} not created: the migrating role may not create roles';
        END $$
        """
    )
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON events FROM PUBLIC")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite()
    elif dialect == "postgresql":
        _postgresql()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS events_refuse_update")
        op.execute("DROP TRIGGER IF EXISTS events_refuse_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_append_only ON events")
        op.execute("DROP FUNCTION IF EXISTS eci_events_append_only()")
