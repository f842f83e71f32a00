"""A small inline SVG line chart of cumulative progress, so the HTML report needs no scripts or files."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from reports.completion_model import ProgressPoint

_W, _H, _PAD = 720, 260, 44
_SERIES = (("submitted", "#1f77b4", "Представлено"), ("accepted", "#2ca02c", "Принято"))


def progress_svg(points: Sequence[ProgressPoint], expected: int) -> str:
    """Cumulative submitted and accepted counts against the expected total, as an `<svg>` element."""
    if not points:
        return '<p class="muted">Нет данных для графика.</p>'
    top = max(expected, max(max(p.submitted, p.accepted) for p in points), 1)
    span = max(len(points) - 1, 1)

    def x(i: int) -> float:
        return _PAD + (_W - 2 * _PAD) * i / span

    def y(v: int) -> float:
        return _H - _PAD - (_H - 2 * _PAD) * v / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" viewBox="0 0 {_W} {_H}" '
        'role="img" aria-label="Динамика выполнения">',
        f'<rect x="0" y="0" width="{_W}" height="{_H}" fill="#fff"/>',
        f'<line x1="{_PAD}" y1="{_H - _PAD}" x2="{_W - _PAD}" y2="{_H - _PAD}" stroke="#888"/>',
        f'<line x1="{_PAD}" y1="{_PAD}" x2="{_PAD}" y2="{_H - _PAD}" stroke="#888"/>',
        f'<line x1="{_PAD}" y1="{y(expected):.1f}" x2="{_W - _PAD}" y2="{y(expected):.1f}" '
        'stroke="#d62728" stroke-dasharray="4 3"/>',
        f'<text x="{_W - _PAD}" y="{y(expected) - 4:.1f}" text-anchor="end" font-size="11" fill="#d62728">'
        f"ожидается: {expected}</text>",
        f'<text x="{_PAD - 6}" y="{_H - _PAD + 4}" text-anchor="end" font-size="11">0</text>',
        f'<text x="{_PAD - 6}" y="{y(top) + 4:.1f}" text-anchor="end" font-size="11">{top}</text>',
        f'<text x="{_PAD}" y="{_H - _PAD + 18}" font-size="11">{points[0].day:%d.%m.%Y}</text>',
        f'<text x="{_W - _PAD}" y="{_H - _PAD + 18}" text-anchor="end" font-size="11">'
        f"{points[-1].day:%d.%m.%Y}</text>",
    ]
    for n, (attr, colour, label) in enumerate(_SERIES):
        coords = " ".join(f"{x(i):.1f},{y(getattr(p, attr)):.1f}" for i, p in enumerate(points))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>')
        parts.append(
            f'<text x="{_PAD + 8 + n * 140}" y="{_PAD - 12}" font-size="12" fill="{colour}">'
            f"■ {escape(label)}: {getattr(points[-1], attr)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
