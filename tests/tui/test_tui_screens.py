"""Pilot tests: every screen and key of the TUI over a real SQLite event store."""

from __future__ import annotations

import datetime as dt
import uuid

from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from tui_pilot import detail_text, poll_until, ready, text_of
from tui_sample_store import TODAY

from domain.eventing.metadata import EventMetadata
from domain.moscow import MOSCOW
from domain.obligation.events import (
    DeadlineExtended,
    ObligationWaived,
    SubmissionAccepted,
    SubmissionReturned,
)
from domain.obligation.states import ObligationState
from store.event_store import EventStore, NewEvent
from tui.actions import ActionKind, ActionRequest
from tui.app import EciApp
from tui.screens.detail import DetailScreen
from tui.screens.help import HelpScreen
from tui.screens.history import HistoryScreen
from tui.screens.lists import MeasureScreen, OverdueScreen, RegionScreen, ReviewQueueScreen
from tui.screens.matrix import MatrixScreen
from tui.widgets.matrix_table import MatrixTable

COORDINATOR = EventMetadata(actor="coordinator", role="coordinator")


def matrix(app: EciApp) -> MatrixTable:
    return app.screen.query_one(MatrixTable)


def store_runner(url: str) -> tuple[list[ActionRequest], object]:
    """An action runner that records the coordinator's decision straight into the store."""
    calls: list[ActionRequest] = []

    async def run(request: ActionRequest) -> None:
        calls.append(request)
        at = dt.datetime.now(MOSCOW)
        oid = request.obligation_id
        event = {
            ActionKind.ACCEPT: lambda: SubmissionAccepted(obligation_id=oid),
            ActionKind.RETURN: lambda: SubmissionReturned(obligation_id=oid, reason=request.reason or ""),
            ActionKind.WAIVE: lambda: ObligationWaived(obligation_id=oid, reason=request.reason or ""),
            ActionKind.EXTEND: lambda: DeadlineExtended(
                obligation_id=oid, due=request.due, effective_due=request.due, reason=request.reason or ""),
        }[request.kind]()
        store = EventStore.open(url)
        try:
            store.append(f"obligation/{oid}", [NewEvent(event, uuid.uuid4(), COORDINATOR, at)])
        finally:
            store.close()

    return calls, run


async def test_matrix_shows_regions_grouped_by_district_with_totals(store_url, make_app) -> None:
    app = make_app(store_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, MatrixScreen)
        summary = text_of(app, "#summary")
        assert "Цикл 2024" in summary
        assert "в срок" in summary
        table = matrix(app)
        keys = [r.key for r in table.matrix.rows]
        assert keys[0] == "group:CENTRAL"
        assert keys.index("group:NORTHWESTERN") < keys.index("78") < keys.index("group:federal")
        assert "Минтруд России" in keys
        assert table.cursor_row == 1  # the heading row is skipped


async def test_cursor_moves_cell_by_cell_and_skips_district_headings(store_url, make_app) -> None:
    app = make_app(store_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        table = matrix(app)
        await pilot.press("right", "right")
        assert table.cursor_column == 2
        assert "× 3." in text_of(app, "#cellinfo")
        await pilot.press("down", "down")
        assert not table.matrix.rows[table.cursor_row].is_group
        row_before = table.cursor_row
        await pilot.press("up", "up")
        assert table.cursor_row == 1
        assert row_before == 3


async def test_enter_opens_detail_with_timeline_and_q_goes_back(store_url, make_app) -> None:
    app = make_app(store_url, cycle=2023)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        oid = "2023/02/77"
        table = matrix(app)
        table.move_cursor(row=table.matrix.row_index("77"), column=1)
        await pilot.press("enter")
        await ready(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.obligation_id == oid
        head, measure, rest = detail_text(app).partition("Мероприятие 2")
        assert measure
        assert "Обязательство 2023/02/77" in head
        assert "77 Москва" in head
        assert "Требуемые документы" in rest
        timeline = rest.partition("История событий")[2]
        assert "обязательство открыто" in timeline
        await pilot.press("q")
        assert isinstance(app.screen, MatrixScreen)


async def every_cycle_loaded(pilot: Pilot[None]) -> None:
    """Wait until the cycles read after the first paint are in too (the queue spans every cycle)."""
    await ready(pilot)
    app = pilot.app
    assert isinstance(app, EciApp)
    for _ in range(200):
        if all(app.book.is_loaded(c) for c in app.book.cycles()):
            await app.workers.wait_for_complete()
            await pilot.pause()
            return
        await pilot.pause(0.05)
    raise AssertionError("the other cycles did not load")


async def test_review_queue_lists_submissions_oldest_first_and_opens_one(store_url, make_app) -> None:
    app = make_app(store_url)
    async with app.run_test(size=(120, 30)) as pilot:
        await every_cycle_loaded(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewQueueScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count > 0
        ids = [str(k.value) for k in table.rows]
        submitted = [app.book.get(i).submitted_at for i in ids]
        assert submitted == sorted(submitted)
        assert all(app.book.get(i).state is ObligationState.SUBMITTED for i in ids)
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.obligation_id == ids[0]


async def test_overdue_list_is_sorted_by_days_late(store_url, make_app) -> None:
    app = make_app(store_url)
    async with app.run_test(size=(120, 30)) as pilot:
        await every_cycle_loaded(pilot)  # the list spans every cycle
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OverdueScreen)
        table = app.screen.query_one(DataTable)
        ids = [str(k.value) for k in table.rows]
        assert ids
        late = [(TODAY - app.book.get(i).effective_due).days for i in ids]
        assert late == sorted(late, reverse=True)
        await pilot.press("q")
        assert isinstance(app.screen, MatrixScreen)


async def test_measure_and_region_views_open_from_the_cursor(store_url, make_app) -> None:
    app = make_app(store_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        table = matrix(app)
        table.move_cursor(row=table.matrix.row_index("78"), column=3)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeasureScreen)
        assert app.screen.measure == 4
        rows = app.screen.query_one(DataTable)
        first = rows.get_row_at(0)
        assert "Центральный федеральный округ" in str(first[0])
        assert "%" in str(first[1])
        await pilot.press("q", "g")
        await pilot.pause()
        assert isinstance(app.screen, RegionScreen)
        assert app.screen.participant == "78"
        assert "78 Санкт-Петербург" in text_of(app, "#heading")


async def test_search_jumps_to_a_region_and_to_a_measure(store_url, make_app) -> None:
    app = make_app(store_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"Санкт")
        await pilot.press("enter")
        await pilot.pause()
        table = matrix(app)
        assert table.matrix.rows[table.cursor_row].key == "78"
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("1", "2")
        await pilot.pause()
        await pilot.press("down", "enter")  # "12" is region 12 first, then measure 12
        await pilot.pause()
        assert table.matrix.measures[table.cursor_column] == 12


async def test_state_filter_and_district_filter_narrow_the_rows(store_url, make_app) -> None:
    app = make_app(store_url, cycle=2023)
    async with app.run_test(size=(80, 30)) as pilot:
        await ready(pilot)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("down", "enter")  # the first state after "all": overdue
        await pilot.pause()
        table = matrix(app)
        rows = [r for r in table.matrix.rows if not r.is_group]
        assert rows
        assert all(any(c.kind.value == "overdue" for c in r.cells) for r in rows)
        assert "фильтр: просрочено" in text_of(app, "#summary")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # all, central, northwestern
        await pilot.pause()
        groups = {r.group for r in table.matrix.rows}
        assert groups == {"NORTHWESTERN"}


async def test_cycle_key_switches_cycle(store_url, make_app) -> None:
    app = make_app(store_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.screen.cycle == 2024
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("home", "enter")
        await pilot.pause()
        assert app.screen.cycle == 2023
        assert "Цикл 2023" in text_of(app, "#summary")


async def test_history_shows_the_matrix_as_of_a_past_date(store_url, make_app) -> None:
    app = make_app(store_url, cycle=2023)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        live = matrix(app).matrix.totals
        await pilot.press("h")
        await pilot.pause()
        field = app.screen.query_one(Input)
        field.value = "01.06.2023"
        await pilot.press("enter")
        await ready(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await ready(pilot)
        past = matrix(app).matrix.totals
        assert "На 01.06.2023" in text_of(app, "#summary")
        assert past.counts != live.counts
        assert past.counts[next(k for k in past.counts if k.value == "overdue")] == 0
        assert past.share_on_time is None  # nothing of cycle 2023 was due by 01.06.2023
        await pilot.press("q")
        assert isinstance(app.screen, MatrixScreen)


async def test_help_lists_keys_and_closes(store_url, make_app) -> None:
    app = make_app(store_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MatrixScreen)


async def test_q_on_the_matrix_quits(store_url, make_app) -> None:
    app = make_app(store_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_accept_from_the_review_queue_confirms_and_the_matrix_updates_live(store_url, make_app) -> None:
    calls, runner = store_runner(store_url)
    app = make_app(store_url, actions=runner)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await pilot.pause()
        oid = app.screen.selected_obligation()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # the confirm button has focus
        await ready(pilot)
        for _ in range(50):
            if app.book.get(oid).state is ObligationState.ACCEPTED:
                break
            await pilot.pause(0.05)
        assert calls == [ActionRequest(ActionKind.ACCEPT, oid)]
        assert app.book.get(oid).state is ObligationState.ACCEPTED
        assert f"Готово: {oid}" in text_of(app, "#message")
        assert oid not in [str(k.value) for k in app.screen.query_one(DataTable).rows]


async def test_return_waive_and_extend_ask_for_reason_and_date(store_url, make_app) -> None:
    calls, runner = store_runner(store_url)
    app = make_app(store_url, actions=runner)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await pilot.pause()
        returned = app.screen.selected_obligation()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # empty reason is refused in place
        assert "Укажите причину" in text_of(app, "#error")
        await pilot.press(*"нет подписи", "enter")
        await ready(pilot)
        await pilot.press("q", "o")
        await pilot.pause()
        overdue = app.screen.selected_obligation()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"31.12.2030", "enter", *"перенос", "enter")
        await ready(pilot)
        await pilot.press("down")
        waived = app.screen.selected_obligation()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"решение рабочей группы", "enter")
        await ready(pilot)
    assert calls == [
        ActionRequest(ActionKind.RETURN, returned, reason="нет подписи"),
        ActionRequest(ActionKind.EXTEND, overdue, reason="перенос", due=dt.date(2030, 12, 31)),
        ActionRequest(ActionKind.WAIVE, waived, reason="решение рабочей группы"),
    ]


async def test_an_action_that_does_not_apply_or_fails_is_explained_in_place(store_url, make_app) -> None:
    async def failing(_request: ActionRequest) -> None:
        raise RuntimeError("нет связи с сервером Temporal\nподробности")

    app = make_app(store_url, actions=failing)
    async with app.run_test(size=(120, 30)) as pilot:
        await every_cycle_loaded(pilot)
        await pilot.press("o", "enter")
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert "Нельзя принять" in text_of(app, "#message")
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"причина", "enter")
        await ready(pilot)
        message = text_of(app, "#message")
        assert "Ошибка" in message
        assert "нет связи с сервером Temporal" in message
        assert "подробности" not in message


async def test_empty_store_explains_eci_demo_then_fills_in_live(empty_store_url, make_app) -> None:
    from tui_sample_store import fill_store

    app = make_app(empty_store_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "eci demo" in text_of(app, "#notice")
        fill_store(empty_store_url, cycles=(2024,))
        await poll_until(pilot, lambda: app.book.cycles(), tries=100)
        await pilot.pause(0.1)
        assert not app.screen.query_one("#notice").display
        assert "Цикл 2024" in text_of(app, "#summary")


async def test_a_large_terminal_gets_full_names_and_wider_columns(store_url, make_app) -> None:
    app = make_app(store_url)
    async with app.run_test(size=(200, 50)) as pilot:
        await ready(pilot)
        table = matrix(app)
        assert table.column_width == 3
        assert "78 Санкт-Петербург" in table.label_text("78")
