"""The contacts table: participants' work contacts, replaced as a whole by each import.

Contacts are officials' personal data: nothing here logs them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from sqlalchemy import (
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    delete,
    insert,
    inspect,
    select,
)
from sqlalchemy.exc import OperationalError, ProgrammingError

from domain.contacts import Contact, ContactRole
from store.engine import make_engine

metadata = MetaData()

contacts_table = Table(
    "contacts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("participant", String(255), nullable=False, index=True),
    Column("role", String(32), nullable=False),
    Column("full_name", String(200), nullable=False),
    Column("email", String(254), nullable=False),
    UniqueConstraint("participant", "role", "email", name="uq_contacts_participant_role_email"),
)


class HasEngine(Protocol):
    """An event store, or anything else holding the engine of the store's database."""

    @property
    def engine(self) -> Engine:
        """The database engine."""
        ...


Target = Engine | HasEngine | str


@contextmanager
def _engine(target: Target) -> Iterator[Engine]:
    """The engine of `target`; one made from a URL is disposed of afterwards."""
    if isinstance(target, str):
        engine = make_engine(target)
        try:
            yield engine
        finally:
            engine.dispose()
    elif isinstance(target, Engine):
        yield target
    else:
        yield target.engine


def _contact(row: Any) -> Contact:
    return Contact(
        participant=row.participant, role=ContactRole(row.role), full_name=row.full_name, email=row.email
    )


def replace_contacts(target: Target, contacts: Sequence[Contact]) -> int:
    """Replace every stored contact with `contacts` in one transaction; returns how many are stored."""
    rows = [
        {"participant": c.participant, "role": c.role.value, "full_name": c.full_name, "email": c.email}
        for c in contacts
    ]
    with _engine(target) as engine, engine.begin() as conn:
        conn.execute(delete(contacts_table))
        if rows:
            conn.execute(insert(contacts_table), rows)
    return len(rows)


def _select(target: Target, participant: str | None) -> list[Contact]:
    c = contacts_table.c
    query = select(c.participant, c.role, c.full_name, c.email).order_by(c.participant, c.id)
    if participant is not None:
        query = query.where(c.participant == participant)
    with _engine(target) as engine, engine.connect() as conn:
        return [_contact(row) for row in conn.execute(query)]


def list_contacts(target: Target) -> list[Contact]:
    """Every stored contact, by participant, each participant's in the order they were imported."""
    return _select(target, None)


def has_contacts_table(target: Target) -> bool:
    """Whether the database has been initialised with the contacts table."""
    with _engine(target) as engine:
        return inspect(engine).has_table(contacts_table.name)


def contacts_for(target: Target, participant: str) -> list[Contact]:
    """The participant's contacts; none when the database has no contacts table yet."""
    try:
        return _select(target, participant)
    except (OperationalError, ProgrammingError):
        if has_contacts_table(target):
            raise
        return []
