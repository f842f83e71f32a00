"""Charts drawn with matplotlib, written as inline SVG (HTML, PDF) or PNG (DOCX).

Figures are made with the object API (no pyplot state), so concurrent renders do not share a figure.
SVG output keeps its text as text and gets ids salted by the chart's key: several charts in one page
must not share the ids of their clip paths. Dates and software versions stay out of the files.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONT = "DejaVu Sans"  # ships with matplotlib and covers Cyrillic
_RC: Any = {  # rcParams keys are typed as literals; the style is checked by the charts, not here
    "font.family": FONT,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "svg.fonttype": "none",
}


def new_figure(width: float, height: float, *, constrained: bool = False) -> Figure:
    """A figure of `width` × `height` inches in the reports' style; the caller places its axes unless
    `constrained` (matplotlib's layout engine measures every text: a third of a map's drawing time)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        return Figure(figsize=(width, height), layout="constrained" if constrained else None)


def styled(draw: Any) -> Any:
    """Run a drawing function with the reports' style in force (fonts, spines)."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        return draw()


def svg_of(figure: Figure, key: str, label: str) -> str:
    """The figure as an `<svg>` element to inline in HTML, titled for screen readers."""
    import matplotlib

    out = io.StringIO()
    with matplotlib.rc_context({**_RC, "svg.hashsalt": key}):
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    start = text.index("<svg")
    svg = _own_ids(text[start:], key)
    head_end = svg.index(">")
    attributes = f' role="img" aria-label="{_attr(label)}" class="chart" data-chart="{_attr(key)}"'
    return svg[:head_end] + attributes + svg[head_end:]


def png_of(figure: Figure, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (for Word). Word shows a chart 16,5 cm wide, so 110 dpi of a 9–10 inch
    figure prints at about 160 pixels per inch."""
    import matplotlib

    out = io.BytesIO()
    with matplotlib.rc_context(_RC):
        figure.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()


_ID = re.compile(r'(\bid="|xlink:href="#|href="#|url\(#)([^"\)]+)')


def _own_ids(svg: str, key: str) -> str:
    """Every id of the chart (and every reference to one) prefixed with the chart's key: a page holds
    several charts, and matplotlib numbers its elements the same way in each."""
    return _ID.sub(lambda m: f"{m.group(1)}{key}-{m.group(2)}", svg)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
