"""The HTML summary opened in a real browser: every chart and both maps' 89 tiles are drawn, and the
console stays silent."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium_kit import render
from cli_invoke import run_eci
from fixtures_summary import AFTER_ALL

from domain.plan.regions import REGION_CODES
from store.event_store import EventStore


@pytest.mark.slow
def test_the_html_summary_shows_its_charts_and_the_89_region_maps_in_chromium(
    forms_store: EventStore,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = tmp_path / "summary-2024.html"
    done = run_eci(
        [
            "report",
            "summary",
            "--cycle",
            "2024",
            "--as-of",
            AFTER_ALL.isoformat(),
            "--format",
            "html",
            "--out",
            str(page),
        ],
        capsys,
        monkeypatch,
    )
    assert done.code == 0, done.err
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "src=" not in html

    shown = render(page, tmp_path)

    assert shown.console == []
    assert shown.probe["errors"] == []
    assert shown.probe["brokenImages"] == 0
    charts = {c["key"]: c["shown"] for c in shown.probe["charts"]}
    assert {"districts", "trend", "map-completeness", "map-units"} <= set(charts)
    assert all(charts.values()), charts
    tiles = shown.probe["tiles"]
    assert sorted(tiles["map-completeness"]) == sorted(REGION_CODES)
    assert sorted(tiles["map-units"]) == sorted(REGION_CODES)
