"""The events table refuses UPDATE and DELETE on both engines; on PostgreSQL the application's role may
append and read but never change a recorded event, not even with the guard's trigger out of the way."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError
from store_events import new, opened

from store.event_store import EventStore

STREAM = "obligation/2023/05/77"


@pytest.mark.parametrize(
    "statement", ["UPDATE events SET stream = 'x' WHERE position = 1", "DELETE FROM events"]
)
def test_the_database_refuses_to_change_or_remove_an_event(event_store: EventStore, statement: str) -> None:
    event_store.append(STREAM, [new(opened())])
    with pytest.raises(DBAPIError, match="append-only"), event_store.engine.begin() as conn:
        conn.execute(text(statement))
    assert len(event_store.read_stream(STREAM)) == 1


@pytest.mark.postgres
def test_the_application_role_appends_but_cannot_update_or_delete(postgres_url: str) -> None:
    role, password = f"eci_app_{uuid.uuid4().hex[:8]}", "app-secret"
    owner = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with owner.connect() as conn:
            conn.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{password}' IN ROLE eci_writer"))
        app_url = (
            make_url(postgres_url).set(username=role, password=password).render_as_string(hide_password=False)
        )
        with EventStore.open(app_url, migrate=False) as store:
            store.append(STREAM, [new(opened())])  # the application's own path: append and projections
            assert len(store.read_stream(STREAM)) == 1
        with owner.connect() as conn:  # an owner lifts the trigger; the role still may not
            conn.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
        app = create_engine(app_url)
        try:
            for statement in ("UPDATE events SET stream = 'x'", "DELETE FROM events", "TRUNCATE events"):
                with pytest.raises(DBAPIError, match="permission denied"), app.begin() as conn:
                    conn.execute(text(statement))
        finally:
            app.dispose()
    finally:
        with owner.connect() as conn:
            conn.execute(text("ALTER TABLE events ENABLE TRIGGER events_append_only"))
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))
        owner.dispose()
