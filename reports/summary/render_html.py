"""The summary as one self-contained HTML page: inline CSS and SVG charts, no scripts, no outside files.

The same page is the PDF's source (WeasyPrint): print rules put it on A4, wide tables on landscape
pages (a named page), repeat table heads on every page and keep headings with what follows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from reports.render_html import html_table
from reports.summary.pictures import Picture
from reports.summary.report import Summary, TextAnswers
from reports.summary.rule_catalog import RULES
from reports.summary.sections import MeasureBlock, section_blocks
from reports.summary.views import (
    completeness_counts,
    completeness_table,
    district_matrix,
    district_table,
    findings_table,
    key_table,
    presence_lines,
    provenance_lines,
)
from reports.tables import Table

_CSS = """
@page{size:A4;margin:16mm 14mm 16mm 16mm;@bottom-right{content:counter(page);font-size:8pt;color:#666}}
@page wide{size:A4 landscape}
body{font-family:"DejaVu Sans","PT Sans",Arial,sans-serif;font-size:12px;margin:24px;color:#111;
line-height:1.35}
h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ccc}
h3{font-size:13px;margin:18px 0 6px}h4{font-size:12px;margin:12px 0 4px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:11px}
th,td{border:1px solid #bbb;padding:3px 5px;vertical-align:top}
th{background:#eef2f7;text-align:left}td.num{text-align:right;white-space:nowrap}
.muted{color:#666}.meta li{margin:2px 0}nav ol{columns:2;font-size:11px;list-style:none;padding-left:0}
figure{margin:12px 0}figure svg{max-width:100%;height:auto}figcaption{font-size:11px;color:#444}
.wide{page:wide}.rules dt{font-weight:bold;margin-top:6px}.rules dd{margin:2px 0 0 16px;font-size:11px}
.appendix p{margin:2px 0 6px;font-size:11px}.appendix .who{font-weight:bold}
.pre{white-space:pre-line}
@media print{body{margin:0;font-size:9.5px}h2,h3,h4{break-after:avoid}tr,figure{break-inside:avoid}
thead{display:table-header-group}nav{break-after:page}.appendix{break-before:page}}
"""


def render_summary_html(summary: Summary, pictures: Mapping[str, Picture]) -> str:
    """The page's text; `pictures` are the SVG charts by key (as `pictures.pictures` makes them)."""
    parts: list[tuple[str, str, str]] = []  # (anchor, heading, body)
    key = [html_table(key_table(summary)), _list(presence_lines(summary))]
    key += [_figure(pictures.get(k)) for k in ("districts", "trend")]
    parts.append(("key", "Ключевые показатели", "".join(key)))
    maps = [_figure(p) for k, p in pictures.items() if k.startswith("map-")]
    parts.append(("map", "Карта субъектов", "".join(maps)))
    parts.append(
        (
            "districts",
            "По федеральным округам",
            _wide(district_table(summary), district_matrix(summary)),
        )
    )
    parts.append(
        (
            "completeness",
            "Полнота и своевременность представления форм",
            f"<p>{escape(completeness_counts(summary))}</p>" + html_table(completeness_table(summary)),
        )
    )
    parts.append(("findings", "Результаты проверки форм", _findings(summary)))
    for block in section_blocks(summary):
        body = "".join(_measure(m) for m in block.measures)
        parts.append((f"section-{block.section}", f"Раздел {block.section}. {block.title}", body))
    numbered = [(a, f"{n}. {h}", b) for n, (a, h, b) in enumerate(parts, start=1)]
    numbered.append(("appendix", "Приложение. Ответы в свободной форме", _appendix(summary)))
    contents = "".join(f'<li><a href="#{a}">{escape(h)}</a></li>' for a, h, _ in numbered)
    body = "".join(
        f'<section id="{a}"{_css_class(a)}><h2>{escape(h)}</h2>\n{b}</section>\n' for a, h, b in numbered
    )
    return (
        '<!DOCTYPE html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(summary.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{escape(summary.title)}</h1>\n{_list(provenance_lines(summary), 'meta')}\n"
        f"<nav><h2>Содержание</h2><ol>{contents}</ol></nav>\n{body}</body>\n</html>\n"
    )


def _css_class(anchor: str) -> str:
    return ' class="appendix"' if anchor == "appendix" else ""


def _list(lines: Iterable[str], css: str = "") -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return f'<ul class="{css}">{items}</ul>' if css else f"<ul>{items}</ul>"


def _figure(picture: Picture | None) -> str:
    if picture is None:
        return ""
    caption = f"<figcaption>{escape(picture.title)}</figcaption>"
    return f'<figure id="fig-{picture.key}">{picture.svg}{caption}</figure>'


def _wide(first: Table, second: Table) -> str:
    """Two tables on landscape pages (a named page in print)."""
    return f'<div class="wide">{html_table(first)}<h3>{escape(second.title)}</h3>{html_table(second)}</div>'


def _findings(summary: Summary) -> str:
    rules = "".join(
        f"<dt>{escape(r.title)} <code>{r.code}</code></dt><dd>{escape(r.citation)}</dd>" for r in RULES
    )
    table = findings_table(summary)
    found = html_table(table) if table.rows else "<p>Замечаний нет.</p>"
    return f'<dl class="rules">{rules}</dl><h3>Замечания ({len(table.rows)})</h3>{found}'


def _measure(measure: MeasureBlock) -> str:
    rows = "".join(
        f"<tr><td>{escape(line.number)}</td><td>{escape(line.label)}</td><td>{escape(line.value)}</td>"
        f'<td class="muted">{escape(line.note)}</td></tr>'
        for line in measure.lines
    )
    head = "<tr><th>Пункт</th><th>Показатель</th><th>Значение</th><th>Примечание</th></tr>"
    return (
        f"<h3>Мероприятие {measure.measure}. {escape(measure.title)}</h3>"
        f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>"
    )


def _appendix(summary: Summary) -> str:
    return "".join(_texts(summary, t) for t in summary.texts if t.answers)


def _texts(summary: Summary, texts: TextAnswers) -> str:
    answers = "".join(
        f'<p><span class="who">{escape(", ".join(summary.region_name(c) for c in codes))}:</span> '
        f'<span class="pre">{escape(text)}</span></p>'
        for codes, text in texts.answers
    )
    return f"<h4>п. {escape(texts.item)}. {escape(texts.question)}</h4>{answers}"
