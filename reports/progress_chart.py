"""The cycle report's chart: cumulative submitted and accepted obligations against the expected total."""

from __future__ import annotations

from collections.abc import Sequence

from reports.completion_model import ProgressPoint
from reports.figures import new_figure, styled, svg_of

_SERIES = (("submitted", "#1f77b4", "Представлено"), ("accepted", "#2ca02c", "Принято"))


def progress_svg(points: Sequence[ProgressPoint], expected: int) -> str:
    """Cumulative submitted and accepted counts against the expected total, as an `<svg>` element."""
    if not points:
        return '<p class="muted">Нет данных для графика.</p>'
    return styled(lambda: _draw(points, expected))


def _draw(points: Sequence[ProgressPoint], expected: int) -> str:
    figure = new_figure(7.5, 2.8, constrained=True)
    axes = figure.add_subplot()
    from matplotlib.dates import date2num

    days = [float(date2num(p.day)) for p in points]
    for attr, colour, label in _SERIES:
        values = [getattr(p, attr) for p in points]
        (line,) = axes.plot(days, values, color=colour, linewidth=2, label=f"{label}: {values[-1]}")
        line.set_gid(f"series-{attr}")
    axes.axhline(expected, color="#d62728", linestyle="--", linewidth=1, gid="expected")
    axes.annotate(
        f"ожидается: {expected}",
        (days[-1], expected),
        xytext=(0, 4),
        textcoords="offset points",
        ha="right",
        color="#d62728",
        fontsize=8,
    )
    # Headroom above the expected line keeps the legend clear of it.
    axes.set_ylim(0, max(expected, *(max(p.submitted, p.accepted) for p in points), 1) * 1.3)
    axes.set_xticks([days[0], days[-1]], [f"{points[0].day:%d.%m.%Y}", f"{points[-1].day:%d.%m.%Y}"])
    axes.legend(loc="upper left", frameon=False)
    return svg_of(figure, "progress", "Динамика выполнения")
