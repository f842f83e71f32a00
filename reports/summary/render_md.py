"""The summary in Markdown: the same parts as the other formats, without pictures."""

from __future__ import annotations

from reports.render_text import md_escape, render_markdown_table
from reports.summary.report import Summary
from reports.summary.rule_catalog import RULES
from reports.summary.sections import section_blocks
from reports.summary.views import (
    completeness_counts,
    completeness_table,
    district_table,
    findings_table,
    key_table,
    presence_lines,
    provenance_lines,
)


def render_summary_markdown(summary: Summary) -> str:
    """The whole summary as one Markdown document (the free-text appendix is left to HTML, DOCX, PDF)."""
    out = [f"# {md_escape(summary.title)}\n", _bullets(provenance_lines(summary))]
    out += [
        "## 1. Ключевые показатели\n",
        render_markdown_table(key_table(summary)),
        _bullets(presence_lines(summary)),
    ]
    out += ["## 2. По федеральным округам\n", render_markdown_table(district_table(summary))]
    out += [
        "## 3. Полнота и своевременность представления форм\n",
        completeness_counts(summary) + "\n",
        render_markdown_table(completeness_table(summary)),
    ]
    out += [
        "## 4. Результаты проверки форм\n",
        _bullets(f"{r.title} (`{r.code}`): {r.citation}" for r in RULES),
    ]
    findings = findings_table(summary)
    out.append(render_markdown_table(findings) if findings.rows else "Замечаний нет.\n")
    for n, block in enumerate(section_blocks(summary), start=5):
        out.append(f"## {n}. Раздел {block.section}. {md_escape(block.title)}\n")
        for m, measure in enumerate(block.measures, start=1):
            out.append(f"### {n}.{m}. Мероприятие {measure.measure}. {md_escape(measure.title)}\n")
            rows = ["| Пункт | Показатель | Значение | Примечание |", "|---|---|---|---|"]
            for line in measure.lines:
                cells = (line.number, line.label, line.value, line.note)
                rows.append("| " + " | ".join(md_escape(x) for x in cells) + " |")
            out.append("\n".join(rows) + "\n")
    return "\n".join(out)


def _bullets(lines: object) -> str:
    return "\n".join(f"- {md_escape(str(line))}" for line in lines) + "\n"  # type: ignore[attr-defined]
