"""CSV and Markdown renderings of report tables: deterministic bytes for the same input."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from reports.tables import Table, format_cell, plain_cell


def render_csv(header_lines: Sequence[str], tables: Sequence[Table]) -> str:
    """Tables one after another, each under a `# title` line; provenance first as `#` comments."""
    out = io.StringIO()
    for line in header_lines:
        out.write(f"# {line}\n")
    for table in tables:
        out.write(f"\n# {table.title}\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.title for c in table.columns])
        for row in table.rows:
            writer.writerow([plain_cell(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
    return out.getvalue()


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown_table(table: Table) -> str:
    """One table in GitHub-flavoured Markdown."""
    head = "| " + " | ".join(md_escape(c.title) for c in table.columns) + " |"
    rule = "|" + "|".join("---:" if c.kind != "text" else "---" for c in table.columns) + "|"
    lines = [head, rule]
    for row in table.rows:
        cells = (md_escape(format_cell(v, c.kind)) for v, c in zip(row, table.columns, strict=True))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def render_markdown(title: str, header_lines: Sequence[str], tables: Sequence[Table]) -> str:
    """A titled Markdown document: provenance lines, then each table under its heading."""
    parts = [f"# {title}\n"]
    parts.append("\n".join(f"- {line}" for line in header_lines) + "\n")
    for table in tables:
        parts.append(f"## {table.title}\n")
        parts.append(render_markdown_table(table))
    return "\n".join(parts)
