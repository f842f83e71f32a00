"""The «Сводка» screen over a real store holding the regions' forms: key figures and findings, and Enter
on a finding opens that region's form at the finding's item."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable
from tui_pilot import ready, text_of

from domain.plan.regions import REGION_CODES
from eci.demo.forms import record_report_forms
from eci.tui_summary import ReportSummaries
from reports.summary.from_store import summary_from_store
from store.event_store import EventStore
from tui.app import EciApp
from tui.catalog import plan_catalog
from tui.screens.region_form import RegionFormScreen
from tui.screens.summary import SummaryScreen
from tui.store_source import StoreSource

AFTER_FILING = dt.date(2024, 6, 1)  # the 2023 forms came in by 15 April 2024 (three regions later)


def _app(url: str) -> EciApp:
    store = EventStore.open(url)
    record_report_forms(store, REGION_CODES, cycles=(2023,))
    source = StoreSource(store)
    return EciApp(source, plan_catalog(), today=lambda: AFTER_FILING, cycle=2023,
                  summaries=ReportSummaries(store))


async def _settled(app: EciApp, pilot: object) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def test_the_summary_lists_key_figures_and_findings_and_opens_a_finding_at_its_item(
    store_url: str, tmp_path: Path
) -> None:
    app = _app(store_url)
    expected = summary_from_store(EventStore.open(store_url), cycle=2023, as_of=AFTER_FILING)
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        await pilot.press("s")
        await _settled(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        heading = text_of(app, "#heading")
        assert "Сводка по формам субъектов за 2023 год на 01.06.2024" in heading
        assert "формы: 89 из 89" in heading
        assert "Структурные подразделения ранней помощи" in text_of(app, "#figures")
        table = app.screen.query_one("#findings", DataTable)
        assert table.row_count == len(expected.findings) > 0
        jump = next(n for n, f in enumerate(expected.findings) if f.rule == "year_over_year_jump")
        region, item = expected.findings[jump].region, expected.findings[jump].item
        table.move_cursor(row=jump)
        await pilot.press("enter")
        await _settled(app, pilot)
        assert isinstance(app.screen, RegionFormScreen)
        assert app.screen.current_item == item
        assert expected.region_name(region) in text_of(app, "#heading")
        await pilot.press("q")
        assert isinstance(app.screen, SummaryScreen)
