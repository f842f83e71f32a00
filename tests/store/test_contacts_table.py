"""The contacts table: replaced as a whole, read per participant through a URL, an engine or a store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from domain.contacts import Contact, ContactRole
from store.contacts import contacts_for, list_contacts, replace_contacts
from store.engine import make_engine

IVANOV = Contact(participant="77", role=ContactRole.RESPONSIBLE, full_name="Иванов И. И.", email="i@mos.ru")
PETROVA = Contact(participant="77", role=ContactRole.DEPUTY, full_name="Петрова П. П.", email="p@mos.ru")
MINTRUD = Contact(
    participant="Минтруд России", role=ContactRole.COORDINATOR, full_name="С. С.", email="s@m.ru"
)


@dataclass(frozen=True)
class _Store:
    engine: Engine


@pytest.fixture
def url(store_url: str) -> str:
    """A fresh database at the newest schema, SQLite and PostgreSQL in turn."""
    return store_url


def test_contacts_for_reads_one_participant_through_url_engine_or_store(url: str) -> None:
    replace_contacts(url, [IVANOV, MINTRUD, PETROVA])
    engine = make_engine(url)
    try:
        assert contacts_for(url, "77") == [IVANOV, PETROVA]
        assert contacts_for(engine, "Минтруд России") == [MINTRUD]
        assert contacts_for(_Store(engine), "78") == []
    finally:
        engine.dispose()


def test_replace_is_all_or_nothing(url: str) -> None:
    replace_contacts(url, [IVANOV])
    with pytest.raises(Exception, match="UNIQUE|unique"):
        replace_contacts(url, [PETROVA, PETROVA])
    assert list_contacts(url) == [IVANOV]


def test_a_database_without_the_table_has_no_contacts(tmp_path: Path) -> None:
    assert contacts_for(f"sqlite:///{tmp_path / 'empty.sqlite3'}", "77") == []
