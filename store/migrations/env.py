"""Alembic environment: runs migrations on the connection `store.migrate` hands over, or on `-x url=`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from store.engine import APPEND_LOCK_KEY, make_engine


def _migrate(connection: Connection) -> None:
    context.configure(connection=connection, transactional_ddl=True)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two processes initialising one database at once: the second waits, then finds it current.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({APPEND_LOCK_KEY})")
        context.run_migrations()


def run() -> None:
    """Run against the handed-over connection, else a fresh engine for `-x url=…`."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or context.config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("give the database as: alembic -x url=DATABASE_URL …")
    engine = make_engine(url, immediate=True)
    try:
        with engine.connect() as conn:
            _migrate(conn)
    finally:
        engine.dispose()


run()
