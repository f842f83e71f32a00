"""Pilot tests of the TUI's own widgets: the line-drawn matrix, the key bar and the obligation text."""

from __future__ import annotations

import datetime as dt
import uuid

from tui_pilot import every_cycle_loaded, poll_until

from domain.eventing.metadata import EventMetadata
from domain.moscow import MOSCOW
from domain.obligation.events import SubmissionAccepted
from store.event_store import EventStore, NewEvent
from tui.glyphs import CellKind
from tui.screens.detail import DetailScreen
from tui.screens.help import HelpScreen
from tui.screens.matrix import MatrixScreen
from tui.widgets.matrix_table import MatrixTable
from tui.widgets.text_view import TextView


def cell_at(table: MatrixTable, row_key: str, measure: int) -> tuple[int, int]:
    """(x, y) inside the widget of a participant × measure cell."""
    assert table.matrix is not None
    row = table.matrix.row_index(row_key)
    assert row is not None
    column = table.matrix.measures.index(measure)
    x = table.label_width + column * table.column_width - int(table.scroll_offset.x)
    return x, table.header_height + row - int(table.scroll_offset.y)


async def test_clicking_a_cell_moves_the_cursor_and_clicking_it_again_opens_the_obligation(
        store_url, make_app) -> None:
    app = make_app(store_url, poll_seconds=60, cycle=2023)
    async with app.run_test(size=(100, 40)) as pilot:
        await every_cycle_loaded(pilot)
        table = app.screen.query_one(MatrixTable)
        offset = cell_at(table, "77", 2)
        await pilot.click(MatrixTable, offset=offset)
        assert table.matrix is not None
        assert table.matrix.rows[table.cursor_row].key == "77"
        assert table.matrix.measures[table.cursor_column] == 2
        assert "77 Москва × 2." in str(app.screen.query_one("#cellinfo").content)
        await pilot.click(MatrixTable, offset=offset)
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.obligation_id == "2023/02/77"


async def test_the_matrix_draws_headings_labels_and_glyphs_on_screen(store_url, make_app) -> None:
    app = make_app(store_url, poll_seconds=60, cycle=2023)
    async with app.run_test(size=(140, 40)) as pilot:
        await every_cycle_loaded(pilot)
        table = app.screen.query_one(MatrixTable)
        lines = ["".join(s.text for s in table.render_line(y)) for y in range(table.size.height)]
        assert lines[0].split() == [str(n) for n in range(1, 32)]  # wide enough for one heading line
        assert lines[1].startswith("Центральный федеральный округ (")
        moscow = next(line for line in lines if line.startswith("77 Москва"))
        glyphs = moscow[table.label_width:].split()
        assert len(glyphs) == 31
        assert set(glyphs) <= {"✓", "◆", "↩", "○", "!", "–", "·"}


async def test_a_status_changed_in_another_cycle_shows_when_switching_to_it(store_url, make_app) -> None:
    app = make_app(store_url, poll_seconds=0.1, cycle=2024)
    async with app.run_test(size=(100, 40)) as pilot:
        await every_cycle_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        submitted = next(s for s in app.book.cycle(2023) if s.state.value == "submitted")
        oid = f"{submitted.cycle}/{submitted.measure:02d}/{submitted.participant}"
        before = screen.model(2023)  # kept for the switch
        store = EventStore.open(store_url)
        try:
            store.append(f"obligation/{oid}", [NewEvent(SubmissionAccepted(obligation_id=oid), uuid.uuid4(),
                         EventMetadata(actor="coordinator", role="coordinator"), dt.datetime.now(MOSCOW))])
        finally:
            store.close()
        await poll_until(pilot, lambda: app.book.get(oid).state.value == "accepted", tries=100)
        screen._set_cycle("2023")
        await pilot.pause()
        table = screen.query_one(MatrixTable)
        assert table.matrix is not None
        assert table.matrix is not before
        row = table.matrix.rows[table.matrix.row_index(submitted.participant)]
        assert row.cells[table.matrix.measures.index(submitted.measure)].kind is CellKind.ACCEPTED


async def test_clicking_a_key_in_the_key_bar_runs_it(store_url, make_app) -> None:
    app = make_app(store_url, poll_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await every_cycle_loaded(pilot)
        await pilot.click("KeyBar", offset=(3, 0))  # `? Справка` comes first
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_obligation_text_scrolls_to_its_timeline(store_url, make_app) -> None:
    app = make_app(store_url, poll_seconds=60, cycle=2023)
    async with app.run_test(size=(80, 24)) as pilot:
        await every_cycle_loaded(pilot)
        await app.push_screen(DetailScreen("2023/03/78"))  # a long story: four reminders, missed, accepted
        await every_cycle_loaded(pilot)
        view = app.screen.query_one(TextView)
        assert view.virtual_size.height > view.size.height  # longer than the screen
        await pilot.press("end")
        await pilot.pause()
        last = "".join(s.text for s in view.render_line(view.scrollable_content_region.height - 1))
        assert "принято" in last
        assert "координатор" in last
