"""Participants without a contact: flagged on the matrix and in the detail, read in one query per refresh."""

from __future__ import annotations

import sqlalchemy as sa
from tui_pilot import detail_text, poll_until, ready, text_of
from tui_sample_store import PARTICIPANTS, sample_contacts

from domain.contacts import Contact, ContactRole
from store.contacts import replace_contacts
from store.event_store import EventStore
from tui.app import EciApp
from tui.screens.detail import DetailScreen
from tui.store_source import StoreSource, contact_summaries
from tui.widgets.matrix_table import MatrixTable

NO_CONTACT_LINE = "Контакт: нет контакта — уведомления направляются координатору"


def labels(app: EciApp) -> dict[str, str]:
    """Each participant row's label as drawn, by participant."""
    table = app.screen.query_one(MatrixTable)
    assert table.matrix is not None
    return {row.key: table.label_text(row.key) for row in table.matrix.rows if not row.is_group}


async def test_matrix_marks_the_rows_of_participants_without_contact(store_url, make_app) -> None:
    app = make_app(store_url, poll_seconds=60, cycle=2023)
    async with app.run_test(size=(120, 50)) as pilot:
        await ready(pilot)
        drawn = labels(app)
        assert drawn["78"].rstrip().endswith("*")
        assert drawn["78"].startswith("78 Санкт-Петербург")
        assert not drawn["77"].rstrip().endswith("*")
        assert not drawn["50"].rstrip().endswith("*")
        assert "* нет контакта 2" in text_of(app, "#summary")
        shown = "\n".join(drawn.values()) + text_of(app, "#summary")
        assert "@" not in shown
        assert "Сотрудник" not in shown


async def test_matrix_marks_no_row_when_every_participant_has_a_contact(store_url, make_app) -> None:
    replace_contacts(store_url, sample_contacts(PARTICIPANTS))
    app = make_app(store_url, poll_seconds=60, cycle=2023)
    async with app.run_test(size=(120, 50)) as pilot:
        await ready(pilot)
        assert not any(label.rstrip().endswith("*") for label in labels(app).values())
        assert "нет контакта" not in text_of(app, "#summary")


async def test_detail_says_where_the_mail_of_a_participant_without_contact_goes(store_url, make_app) -> None:
    app = make_app(store_url, poll_seconds=60, cycle=2023)
    async with app.run_test(size=(100, 50)) as pilot:
        await ready(pilot)
        await app.push_screen(DetailScreen("2023/02/78"))
        await ready(pilot)
        assert NO_CONTACT_LINE in detail_text(app)
        await app.push_screen(DetailScreen("2023/02/77"))
        await ready(pilot)
        head = detail_text(app)
        assert "Контакт: 2 (ответственный, заместитель)" in head
        assert "нет контакта" not in head
        assert "@" not in head
        assert "Сотрудник" not in head


async def test_an_import_of_contacts_clears_the_flag_at_the_next_poll(store_url, make_app) -> None:
    app = make_app(store_url, poll_seconds=0.2, cycle=2023)
    async with app.run_test(size=(120, 50)) as pilot:
        await ready(pilot)
        await app.push_screen(DetailScreen("2023/02/78"))
        await ready(pilot)
        assert NO_CONTACT_LINE in detail_text(app)
        replace_contacts(store_url, sample_contacts(frozenset({"78"})))
        await poll_until(pilot, lambda: "Контакт: 2" in detail_text(app), tries=100)
        assert "Контакт: 2 (ответственный, заместитель)" in detail_text(app)
        app.pop_screen()
        await ready(pilot)
        drawn = labels(app)
        assert not drawn["78"].rstrip().endswith("*")
        assert drawn["77"].rstrip().endswith("*")  # the import replaced every contact


def test_store_source_reads_every_contact_in_one_query(store_url) -> None:
    source = StoreSource.open(store_url)
    statements: list[str] = []
    sa.event.listen(source.store.engine, "before_cursor_execute",
                    lambda *args: statements.append(args[2]))
    try:
        found = source.contacts()
    finally:
        source.close()
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert "78" not in found
    assert "Минпросвещения России" not in found
    assert found["77"].count == 2
    assert found["77"].roles == (ContactRole.RESPONSIBLE, ContactRole.DEPUTY)


def test_store_source_has_no_contacts_before_any_import(empty_store_url) -> None:
    source = StoreSource.open(empty_store_url)
    try:
        assert source.contacts() == {}
    finally:
        source.close()


def test_store_source_reads_a_database_without_the_contacts_table(empty_store_url) -> None:
    store = EventStore.open(empty_store_url)
    with store.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE contacts"))
    source = StoreSource(store)
    try:
        assert source.contacts() == {}
    finally:
        source.close()


def test_only_usable_addresses_count_as_a_contact() -> None:
    def contact(participant: str, email: str) -> Contact:
        return Contact(participant=participant, role=ContactRole.COORDINATOR, full_name="Ф. И. О.",
                       email=email)

    found = contact_summaries([contact("77", "bad address"), contact("50", "ok@example.ru")])
    assert set(found) == {"50"}
    assert found["50"].roles == (ContactRole.COORDINATOR,)
