"""Engines for SQLite and PostgreSQL, and the few SQL differences the store's hand-written statements meet."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry

UTC = dt.UTC
# Any constant works: every writer of one database must use the same key.
APPEND_LOCK_KEY = 0x0EC1_5704E


def make_engine(url: str, *, immediate: bool = False) -> Engine:
    """An engine for `url`; on SQLite: WAL, a long busy timeout, and explicit BEGIN (IMMEDIATE if asked)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_recycle=1800)
    if parsed.database and parsed.database != ":memory:":
        _create_file(Path(parsed.database))
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Take transactions into our own hands: pysqlite's implicit BEGIN cannot be made IMMEDIATE.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
        dbapi_connection.execute("PRAGMA busy_timeout=60000")
        # A batched append dirties thousands of index pages: the default 2 MiB page cache spills them
        # mid-transaction, and a checkpoint every 1,000 WAL pages runs on nearly every large commit.
        dbapi_connection.execute("PRAGMA cache_size=-32768")
        dbapi_connection.execute("PRAGMA wal_autocheckpoint=10000")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


def _create_file(path: Path) -> None:
    """Create the database file as 0666 less the process umask, before SQLite does.

    SQLite would create it 0644 less the umask, which denies a shared data dir's group the write it
    needs; its -wal and -shm files take the database file's mode.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except FileExistsError:
        pass


@dataclass(frozen=True)
class Dialect:
    """How the store's raw DBAPI statements differ between SQLite and PostgreSQL."""

    name: str

    @property
    def is_sqlite(self) -> bool:
        """True for SQLite."""
        return self.name == "sqlite"

    def sql(self, statement: str) -> str:
        """Statements are written with `?` placeholders; psycopg wants `%s`."""
        return statement if self.is_sqlite else statement.replace("?", "%s")

    def ts_param(self, value: dt.datetime) -> Any:
        """A UTC timestamp as the driver should receive it (SQLite keeps the canonical text)."""
        return format_ts(value) if self.is_sqlite else value

    def ts_value(self, raw: Any) -> dt.datetime:
        """A stored timestamp back as an aware UTC datetime."""
        if isinstance(raw, dt.datetime):
            return raw.astimezone(UTC)
        return dt.datetime.fromisoformat(str(raw))

    def ts_text(self, column: str) -> str:
        """SQL selecting a timestamp column as its canonical text."""
        if self.is_sqlite:
            return column
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"

    def json_text(self, column: str) -> str:
        """SQL selecting a JSON column as its stored text."""
        return column if self.is_sqlite else f"{column}::text"

    def lock_statements(self) -> tuple[str, ...]:
        """Statements that start a write transaction holding the store's append lock."""
        if self.is_sqlite:
            return ("BEGIN IMMEDIATE",)
        return (f"SELECT pg_advisory_xact_lock({APPEND_LOCK_KEY})",)


def format_ts(value: dt.datetime) -> str:
    """Canonical timestamp text: UTC, microseconds, `Z` suffix."""
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(timespec="microseconds")[:-6] + "Z"  # drop "+00:00"


@contextmanager
def write_transaction(engine: Engine, dialect: Dialect) -> Iterator[Any]:
    """A raw DBAPI cursor inside a transaction that holds the append lock; commits on success."""
    conn = engine.raw_connection()
    try:
        cur = conn.cursor()
        for statement in dialect.lock_statements():
            cur.execute(statement)
        try:
            yield cur
        except BaseException:
            conn.rollback() if not dialect.is_sqlite else cur.execute("ROLLBACK")
            raise
        if dialect.is_sqlite:
            cur.execute("COMMIT")
        else:
            conn.commit()
    finally:
        conn.close()


@contextmanager
def pipeline(cur: Any, dialect: Dialect) -> Iterator[None]:
    """On PostgreSQL, send the enclosed statements without waiting for each reply."""
    if dialect.is_sqlite:
        yield
        return
    with cur.connection.pipeline():
        yield


@contextmanager
def read_cursor(engine: Engine, dialect: Dialect) -> Iterator[Any]:
    """A raw DBAPI cursor in one read transaction (a consistent snapshot on both engines)."""
    conn = engine.raw_connection()
    try:
        cur = conn.cursor()
        if dialect.is_sqlite:
            cur.execute("BEGIN")
        else:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        try:
            yield cur
        finally:
            if dialect.is_sqlite:
                cur.execute("ROLLBACK")
            else:
                conn.rollback()
    finally:
        conn.close()
