"""The TUI's actions through the real obligation workflows on the dev server (the same path as the CLI)."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from fixtures_temporal import make_terms
from temporalio.client import Client
from textual.widgets import Static
from tui_pilot import poll_until

from activities.cycle import start_obligation
from config.settings import load_settings
from domain.actors import Actor
from domain.documents import DocumentDetails, DocumentKind
from domain.obligation.states import ObligationState
from domain.obligation.terms import ObligationTerms
from eci import actions
from eci.tui_wiring import create_app
from store.event_store import EventStore
from tui.screens.detail import DetailScreen

pytestmark = [pytest.mark.temporal, pytest.mark.usefixtures("running_worker")]


async def recorded(terms: ObligationTerms, event_type: str) -> None:
    for _ in range(200):
        with EventStore.open(load_settings().effective_database_url) as store:
            if event_type in [r.type for r in store.read_stream(terms.workflow_id)]:
                return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{event_type} was never recorded")


@pytest.fixture
async def submitted(temporal_client: Client, temporal_env: str, tmp_path: Path) -> str:
    """An obligation whose workflow runs, with a submission awaiting review."""
    terms = make_terms(dt.datetime.now(dt.UTC), measure=7, due_in=dt.timedelta(days=40))
    assert await start_obligation(temporal_client, temporal_env, terms)
    await recorded(terms, "ObligationOpened")
    order = tmp_path / "prikaz.pdf"
    order.write_bytes(b"%PDF-1.4 order")
    details = DocumentDetails(kind=DocumentKind.ORDER, number="15-од", date=dt.date(2025, 2, 3),
                              issuer="Минсоцразвития")
    await actions.submit(load_settings(), Actor.parse("region:77"), terms.obligation_id,
                         [actions.DocumentUpload(details=details, path=order)])
    await recorded(terms, "DocumentSubmitted")
    return terms.obligation_id


async def test_accept_in_the_detail_goes_through_the_workflow_and_shows_live(submitted: str) -> None:
    app = create_app(load_settings(), poll_seconds=0.1)
    async with app.run_test(size=(100, 40)) as pilot:
        await poll_until(pilot, lambda: app.book.get(submitted) is not None)
        assert app.book.get(submitted).state is ObligationState.SUBMITTED
        await app.push_screen(DetailScreen(submitted))
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")
        await poll_until(pilot, lambda: app.book.get(submitted).state is ObligationState.ACCEPTED)
        assert app.book.get(submitted).state is ObligationState.ACCEPTED
        message = str(app.screen.query_one("#message", Static).content)
        assert f"Готово: {submitted}" in message
        await poll_until(
            pilot, lambda: any(e.type == "SubmissionAccepted" for e in app.screen.entries), tries=100
        )
        assert [e.actor for e in app.screen.entries if e.type == "SubmissionAccepted"] == ["coordinator"]


async def test_return_and_extend_from_the_detail_go_through_the_workflow(submitted: str) -> None:
    app = create_app(load_settings(), poll_seconds=0.1)
    async with app.run_test(size=(100, 40)) as pilot:
        await poll_until(pilot, lambda: app.book.get(submitted) is not None)
        await app.push_screen(DetailScreen(submitted))
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"нет подписи", "enter")
        await poll_until(pilot, lambda: app.book.get(submitted).state is ObligationState.RETURNED)
        assert app.book.get(submitted).state is ObligationState.RETURNED
        due = app.book.get(submitted).due
        new_due = due + dt.timedelta(days=30)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*new_due.strftime("%d.%m.%Y"), "enter", *"перенос", "enter")
        await poll_until(pilot, lambda: app.book.get(submitted).due == new_due)
        assert app.book.get(submitted).due == new_due
        assert "Готово" in str(app.screen.query_one("#message", Static).content)


async def test_waive_from_the_detail_goes_through_the_workflow(submitted: str) -> None:
    app = create_app(load_settings(), poll_seconds=0.1)
    async with app.run_test(size=(100, 40)) as pilot:
        await poll_until(pilot, lambda: app.book.get(submitted) is not None)
        await app.push_screen(DetailScreen(submitted))
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"решение рабочей группы", "enter")
        await poll_until(pilot, lambda: app.book.get(submitted).state is ObligationState.WAIVED)
        assert app.book.get(submitted).state is ObligationState.WAIVED
