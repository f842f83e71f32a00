"""Event-store fixtures (SQLite and PostgreSQL), shared by every test package.

`sqlite_url`, `postgres_url` and `store_url` (both engines) each give a fresh database at the newest
schema. PostgreSQL is `ECI_TEST_DATABASE_URL` if set, else one throwaway server per test session started
from the installed binaries; each test gets the session's database emptied (every table truncated),
far quicker here than a new database per test.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from store.event_store import EventStore
from store.migrate import head_revision, upgrade


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, _sqlite_template: Path) -> str:
    """A fresh SQLite database file at the newest schema."""
    path = tmp_path / "events.sqlite3"
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def _postgres_admin_url() -> Iterator[str]:
    configured = os.environ.get("ECI_TEST_DATABASE_URL")
    if configured:
        yield configured
        return
    from store.pg_server import find_binaries, start_server

    if find_binaries() is None:
        pytest.skip("no PostgreSQL binaries and no ECI_TEST_DATABASE_URL")
    server = start_server()
    try:
        yield server.url()
    finally:
        server.stop()


def _admin_execute(admin_url: str, *statements: str) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def _database_url(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _postgres_database(_postgres_admin_url: str) -> str:
    name = f"eci_test_{os.getpid()}"
    _admin_execute(
        _postgres_admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"
    )
    url = _database_url(_postgres_admin_url, name)
    upgrade(url)
    return url


def _reset(url: str) -> None:
    """Empty every table and restore the schema revision; leftover connections are closed first."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            tables = conn.scalars(
                text(
                    "SELECT tablename FROM pg_tables "
                    "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
                )
            ).all()
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            # A tampering test may have disabled the append-only guard: the next test gets it back.
            conn.execute(text("ALTER TABLE events ENABLE TRIGGER ALL"))
            conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head_revision()})
    finally:
        engine.dispose()


@pytest.fixture
def postgres_url(_postgres_database: str) -> str:
    """An emptied PostgreSQL database at the newest schema (creating one per test costs ~1 s here)."""
    _reset(_postgres_database)
    return _postgres_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    """A fresh database at the newest schema, on each engine in turn."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def fresh_store(
    request: pytest.FixtureRequest, store_url: str, tmp_path: Path
) -> Iterator[Callable[[], EventStore]]:
    """A factory of stores on a database emptied at each call (for property tests' examples)."""
    opened: list[EventStore] = []
    counter = itertools.count()

    def make() -> EventStore:
        for store in opened:
            store.close()
        opened.clear()
        if store_url.startswith("sqlite"):
            path = tmp_path / f"example-{next(counter)}.sqlite3"
            shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
            url = f"sqlite:///{path}"
        else:
            _reset(store_url)
            url = store_url
        opened.append(EventStore.open(url))
        return opened[-1]

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def event_store(store_url: str) -> Iterator[EventStore]:
    """An open EventStore on a fresh database, on each engine in turn."""
    store = EventStore.open(store_url)
    yield store
    store.close()
