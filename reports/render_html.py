"""Self-contained, printable HTML: inline CSS and SVG, no scripts, no external resources."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from reports.tables import CellKind, Table, format_cell

_CSS = """
body{font-family:"PT Sans","Segoe UI",Arial,sans-serif;font-size:13px;margin:24px;color:#111}
h1{font-size:20px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid #bbb;padding:3px 6px;vertical-align:top}
th{background:#eef;text-align:left}td.num{text-align:right;white-space:nowrap}
.muted{color:#666}.meta li{margin:2px 0}code{font-size:12px;word-break:break-all}
@media print{body{margin:0;font-size:10px}h2{page-break-after:avoid}tr{page-break-inside:avoid}
thead{display:table-header-group}}
"""


def html_table(table: Table) -> str:
    """One table as HTML; numbers right-aligned."""
    head = "".join(f"<th>{escape(c.title)}</th>" for c in table.columns)
    body = []
    for row in table.rows:
        cells = "".join(
            f'<td class="num">{escape(format_cell(v, c.kind))}</td>'
            if c.kind is not CellKind.TEXT
            else f"<td>{escape(format_cell(v, c.kind))}</td>"
            for v, c in zip(row, table.columns, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def html_document(title: str, header_lines: Sequence[str], sections: Sequence[tuple[str, str]]) -> str:
    """A whole page: title, provenance list, then (heading, HTML fragment) sections."""
    meta = "".join(f"<li>{escape(line)}</li>" for line in header_lines)
    body = "".join(f"<h2>{escape(h)}</h2>\n{fragment}\n" for h, fragment in sections)
    return (
        '<!DOCTYPE html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<h1>{escape(title)}</h1>\n<ul class="meta">{meta}</ul>\n{body}</body>\n</html>\n'
    )
