"""The summary's charts rendered for a format: SVG for HTML (and the PDF made from it), PNG for Word."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from reports.figures import png_of, styled, svg_of
from reports.summary import charts
from reports.summary.completeness import FORM_STATE_LABELS_RU, FormState
from reports.summary.report import IndicatorTotal, Summary
from reports.summary.tiles import tile_grid

if TYPE_CHECKING:
    from matplotlib.figure import Figure

STATE_COLOURS = {
    FormState.ON_TIME.value: "#2ca25f",
    FormState.LATE.value: "#fdae61",
    FormState.MISSING.value: "#d7191c",
    FormState.PENDING.value: "#bdbdbd",
}


@dataclass(frozen=True)
class Picture:
    """One chart, titled, in one of the two encodings."""

    key: str
    title: str
    svg: str = ""
    png: bytes = b""


def _render(key: str, title: str, draw: Callable[[], Figure], kind: Literal["svg", "png"]) -> Picture:
    def run() -> Picture:
        figure = draw()
        if kind == "svg":
            return Picture(key, title, svg=svg_of(figure, key, title))
        return Picture(key, title, png=png_of(figure))

    return styled(run)  # type: ignore[no-any-return]


def completeness_map(summary: Summary, kind: Literal["svg", "png"]) -> Picture:
    """The tiles coloured by each region's form: in time, late, missing, not yet due."""
    states = {f.region.code: f.state.value for f in summary.completeness.filings}
    labels = {k.value: FORM_STATE_LABELS_RU[k] for k in FormState}
    title = f"Формы за {summary.cycle} год на {summary.as_of:%d.%m.%Y}"
    return _render("map-completeness", title, lambda: charts.state_map(states, STATE_COLOURS, labels), kind)


def indicator_map(summary: Summary, total: IndicatorTotal, kind: Literal["svg", "png"]) -> Picture:
    """The tiles coloured by one key indicator's value per region."""
    title = f"{total.indicator.label}, {total.indicator.unit} — {summary.cycle} год"
    scope = summary.scope.codes
    return _render(
        f"map-{total.indicator.key}", title, lambda: charts.value_map(total.by_region, scope), kind
    )


def district_bars(summary: Summary, kind: Literal["svg", "png"]) -> Picture:
    """Key indicators per federal district (per region when the summary covers one district)."""
    indicators = summary.indicators
    if summary.scope.district:
        labels = {t.code: t.label for t in tile_grid()}
        indicators = tuple(
            replace(t, by_district=tuple((labels[c], t.by_region.get(c, 0)) for c in summary.scope.codes))
            for t in indicators
        )
    title = (
        "Ключевые показатели по федеральным округам"
        if not summary.scope.district
        else "Ключевые показатели по субъектам округа"
    )
    return _render("districts", title, lambda: charts.district_bars(indicators), kind)


def trend(summary: Summary, kind: Literal["svg", "png"]) -> Picture:
    """The national totals across the cycles filed so far."""
    title = f"Динамика за {summary.trend[0].cycle}–{summary.cycle} годы" if summary.trend else "Динамика"
    return _render("trend", title, lambda: charts.trend_lines(summary.trend), kind)


def pictures(summary: Summary, kind: Literal["svg", "png"], *, every_map: bool) -> dict[str, Picture]:
    """Every chart of the summary by key; a map per key indicator only when `every_map`, else the first."""
    chosen = summary.indicators if every_map else summary.indicators[:1]
    found = [district_bars(summary, kind), trend(summary, kind), completeness_map(summary, kind)]
    found += [indicator_map(summary, t, kind) for t in chosen]
    return {p.key: p for p in found}
