"""The TUI's «Сводка» filled from the reports: the consolidated report's key figures and findings, and a
region's form item by item (`reports.region_report`), as the plain views `tui.summary_view` defines."""

from __future__ import annotations

import datetime as dt

from reports.region_report import ItemAnswer, RegionReport
from reports.region_source import region_report
from reports.ru_numbers import fmt_number, fmt_percent, fmt_signed
from reports.summary.from_store import summary_from_store
from reports.summary.rule_catalog import RULES_BY_CODE
from reports.summary.views import completeness_counts
from store.event_store import EventStore
from tui.summary_view import FigureRow, FindingRow, FormLine, RegionFormView, SummaryView


class ReportSummaries:
    """`tui.summary_view.SummarySource` over the event store."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def summary(self, cycle: int, as_of: dt.date) -> SummaryView:
        """The cycle's consolidated report on the day, as the screen shows it."""
        summary = summary_from_store(self.store, cycle=cycle, as_of=max(as_of, dt.date(cycle, 1, 1)))
        done = summary.completeness
        figures = tuple(
            FigureRow(
                f"{t.indicator.label}, {t.indicator.unit}",
                fmt_number(t.total),
                "" if t.previous is None else fmt_number(t.previous),
                "" if t.previous is None else _change(t.total, t.previous),
            )
            for t in summary.indicators
        )
        presences = tuple(
            f"{p.presence.label}: есть у {len(p.yes)} из {p.of} ({fmt_percent(len(p.yes) / p.of)})"
            for p in summary.presences
            if p.of
        )
        findings = tuple(
            FindingRow(
                f.region, summary.region_name(f.region), f.item, RULES_BY_CODE[f.rule].title, f.message
            )
            for f in summary.findings
        )
        heading = f"Сводка по формам субъектов за {cycle} год на {summary.as_of:%d.%m.%Y}"
        forms = f"формы: {done.filed} из {len(done.filings)} ({completeness_counts(summary)})"
        return SummaryView(cycle, heading, forms, figures, presences, findings)

    def region_form(self, cycle: int, region: str) -> RegionFormView:
        """The region's latest form of the cycle, item by item."""
        report = region_report(self.store, cycle=cycle, region=region)
        source = "форма не представлена"
        if report.submission:
            source = f"форма от {report.submission.submitted_at}, событие № {report.submission.position}"
        return RegionFormView(report.title, source, tuple(_lines(report)))


def _change(current: object, previous: object) -> str:
    delta = current - previous  # type: ignore[operator]
    share = float(delta) / float(previous) if previous else None  # type: ignore[arg-type]
    return f"{fmt_signed(delta)} ({fmt_percent(share, signed=True)})"


def _lines(report: RegionReport) -> list[FormLine]:
    lines: list[FormLine] = []
    for section in report.sections:
        for entry in section.entries:
            if isinstance(entry, ItemAnswer):
                lines.append(FormLine(entry.number, entry.question, True))
                lines += [FormLine(entry.number, text, False) for text in entry.lines]
            else:
                lines.append(FormLine(entry.key, " | ".join(entry.headers), True))
                lines += [FormLine(entry.key, " | ".join(row), False) for row in entry.rows]
    return lines
