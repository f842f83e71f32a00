"""The summary's pictures: key indicators by federal district, their trend across cycles, and the tile map.

Each function returns a matplotlib figure; `reports.figures` writes it as SVG or PNG.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from reports.ru_numbers import fmt_number
from reports.summary.indicators import INDICATORS
from reports.summary.model import Number
from reports.summary.report import IndicatorTotal, TrendPoint
from reports.summary.tiles import tile_grid

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DISTRICT_SHORT = {
    "Центральный федеральный округ": "ЦФО",
    "Северо-Западный федеральный округ": "СЗФО",
    "Южный федеральный округ": "ЮФО",
    "Северо-Кавказский федеральный округ": "СКФО",
    "Приволжский федеральный округ": "ПФО",
    "Уральский федеральный округ": "УФО",
    "Сибирский федеральный округ": "СФО",
    "Дальневосточный федеральный округ": "ДФО",
}
BAR = "#3a6ea5"
NO_DATA = "#e0e0e0"
OUTSIDE = "#f5f5f5"


def district_bars(indicators: Sequence[IndicatorTotal]) -> Figure:
    """One horizontal bar chart per key indicator, a bar per federal district."""
    from reports.figures import new_figure

    columns = 2
    rows = -(-len(indicators) // columns)
    figure = new_figure(9.5, 2.1 * rows)
    grid = figure.subplots(rows, columns, squeeze=False)
    figure.subplots_adjust(left=0.07, right=0.98, top=1 - 0.35 / rows, bottom=0.02, wspace=0.25, hspace=0.45)
    for n, total in enumerate(indicators):
        axes = grid[n // columns][n % columns]
        names = [DISTRICT_SHORT.get(d, d) for d, _ in total.by_district][::-1]
        values = [float(v) for _, v in total.by_district][::-1]
        bars = axes.barh(names, values, color=BAR)
        for bar, name in zip(bars, names, strict=True):
            bar.set_gid(f"bar-{total.indicator.key}-{name}")
        axes.bar_label(bars, labels=[fmt_number(v, 0) for v in values], padding=2, fontsize=7)
        axes.set_title(f"{total.indicator.label}, {total.indicator.unit}", loc="left", fontsize=9, pad=8)
        axes.set_xticks([])
        axes.spines["bottom"].set_visible(False)
        axes.set_xlim(0, max(values + [1]) * 1.25)
    for n in range(len(indicators), rows * columns):
        grid[n // columns][n % columns].set_visible(False)
    return figure


def trend_lines(points: Sequence[TrendPoint]) -> Figure:
    """Each key indicator's national total per cycle, and the forms filed."""
    from reports.figures import new_figure

    series = [("filed", "Представлено форм", "")] + [(i.key, i.label, i.unit) for i in INDICATORS]
    columns = 4
    rows = -(-len(series) // columns)
    figure = new_figure(10, 2.2 * rows)
    grid = figure.subplots(rows, columns, squeeze=False)
    figure.subplots_adjust(
        left=0.02, right=0.98, top=1 - 0.45 / rows, bottom=0.12 / rows, wspace=0.15, hspace=0.7
    )
    cycles = [p.cycle for p in points]
    for n, (key, label, unit) in enumerate(series):
        axes = grid[n // columns][n % columns]
        values = [float(p.filed if key == "filed" else p.totals.get(key, 0)) for p in points]
        (line,) = axes.plot(cycles, values, marker="o", color=BAR, linewidth=2)
        line.set_gid(f"trend-{key}")
        for cycle, value in zip(cycles, values, strict=True):
            axes.annotate(
                fmt_number(value, 0),
                (cycle, value),
                xytext=(0, 5),
                textcoords="offset points",
                ha="center",
                fontsize=7,
            )
        title = textwrap.fill(label + (f", {unit}" if unit else ""), 30)
        axes.set_title(title, loc="left", fontsize=8)
        axes.set_xticks(cycles, [str(c) for c in cycles])
        axes.set_ylim(0, max(values + [1]) * 1.3)
        axes.set_yticks([])
        axes.spines["left"].set_visible(False)
        if len(cycles) == 1:
            axes.set_xlim(cycles[0] - 1, cycles[0] + 1)
    for n in range(len(series), rows * columns):
        grid[n // columns][n % columns].set_visible(False)
    return figure


def value_map(values: Mapping[str, Number], scope: Sequence[str]) -> Figure:
    """The 89 tiles in five classes of a value (quintiles of the regions that gave it, darker is more), so
    that one region's extreme value does not wash the others out; grey where a region gave none."""
    from matplotlib import colormaps
    from matplotlib.patches import Patch

    shown = sorted(float(values[c]) for c in scope if c in values)
    edges = _quantile_edges(shown)
    palette = colormaps["YlGnBu"]
    shades = [_hex(palette(0.15 + 0.85 * n / max(len(edges) - 2, 1))) for n in range(len(edges) - 1)]

    def colour(code: str) -> str:
        if code not in scope:
            return OUTSIDE
        if code not in values:
            return NO_DATA
        value = float(values[code])
        return shades[next((n for n in range(len(edges) - 1) if value <= edges[n + 1]), len(shades) - 1)]

    def caption(code: str) -> str:
        return fmt_number(values[code], 0) if code in values and code in scope else ""

    figure = _tiles(colour, caption)
    labels = [f"{fmt_number(edges[n], 0)}–{fmt_number(edges[n + 1], 0)}" for n in range(len(shades))]
    handles = [Patch(color=c, label=label) for c, label in zip(shades, labels, strict=True)]
    handles.append(Patch(color=NO_DATA, label="нет ответа"))
    figure.legend(handles=handles, loc="lower left", frameon=False, fontsize=8, ncols=len(handles))
    return figure


def _quantile_edges(values: Sequence[float], classes: int = 5) -> list[float]:
    """Class boundaries at the quintiles (fewer classes when few distinct values)."""
    if not values:
        return [0.0, 1.0]
    picks = [values[min(len(values) - 1, round(q * (len(values) - 1) / classes))] for q in range(classes + 1)]
    edges = sorted(set(picks))
    return edges if len(edges) > 1 else [edges[0], edges[0] + 1]


def _hex(rgba: Sequence[float]) -> str:
    return "#" + "".join(f"{int(c * 255):02x}" for c in rgba[:3])


def state_map(states: Mapping[str, str], colours: Mapping[str, str], labels: Mapping[str, str]) -> Figure:
    """The 89 tiles coloured by a category (the form's state), with a legend."""
    from matplotlib.patches import Patch

    figure = _tiles(lambda c: colours[states[c]] if c in states else OUTSIDE, lambda c: "")
    handles = [Patch(color=colours[k], label=labels[k]) for k in colours]
    figure.legend(handles=handles, loc="lower left", frameon=False, fontsize=8, ncols=len(handles))
    return figure


def _tiles(colour: object, caption: object) -> Figure:
    from matplotlib.patches import Rectangle

    from reports.figures import new_figure

    tiles = tile_grid()
    width = max(t.col for t in tiles) + 1
    height = max(t.row for t in tiles) + 1
    figure = new_figure(width * 0.62, height * 0.62 + 0.4)
    axes = figure.add_axes((0.0, 0.07, 1.0, 0.92))
    for tile in tiles:
        fill = colour(tile.code)  # type: ignore[operator]
        square = Rectangle((tile.col, -tile.row), 0.94, 0.94, facecolor=fill, edgecolor="white")
        square.set_gid(f"tile-{tile.code}")
        axes.add_patch(square)
        dark = _is_dark(fill)
        ink = "white" if dark else "#222222"
        axes.text(
            tile.col + 0.47, -tile.row + 0.62, tile.label, ha="center", va="center", fontsize=6.2, color=ink
        )
        text = caption(tile.code)  # type: ignore[operator]
        if text:
            axes.text(
                tile.col + 0.47, -tile.row + 0.28, text, ha="center", va="center", fontsize=5.6, color=ink
            )
    axes.set_xlim(-0.1, width + 0.1)
    axes.set_ylim(-height + 0.9, 1.05)
    axes.set_aspect("equal")
    axes.axis("off")
    return figure


def _is_dark(colour: str) -> bool:
    if not colour.startswith("#"):
        return False
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140
