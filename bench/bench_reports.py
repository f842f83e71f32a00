"""Benchmark: the cycle completion report (XLSX and HTML), the consolidated summary of the regions' forms
(HTML and DOCX) and `eci audit replay --as-of` over many events.

Figures:
- seconds to build a full cycle's report (every region × measure of the plan plus the federal
  participants) from the event store, in XLSX and in HTML;
- seconds to build the demo's summary of cycle 2023 (89 regions' forms: totals, rules, charts, maps,
  the free-text appendix) from the event store, in HTML and in DOCX (wall clock, and this process's
  CPU time, which other processes on a shared machine do not inflate);
- seconds to replay 200,000 events to every obligation's state as of a business instant.
Baseline, measured in the same run on the same database: a plain SQL aggregation of the same counts
(obligations per state from the status projection for the report; every number of the forms summed by
its JSON path for the summary; events per stream up to the instant for the replay). The ratio says how
much the full fold and rendering cost over the bare count.
Usage: python bench/bench_reports.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from itertools import count
from pathlib import Path
from typing import Any

from sizes import add_size_options, size_of
from sqlalchemy import text

from domain.documents import DocumentDetails, DocumentKind, StoredFile, SubmittedDocument
from domain.eventing.base import DomainEvent
from domain.eventing.metadata import EventMetadata
from domain.moscow import MOSCOW
from domain.obligation.events import (
    DeadlineMissed,
    DocumentSubmitted,
    Escalated,
    ObligationClosed,
    ObligationOpened,
    OverdueNoticeSent,
    ReminderSent,
    SubmissionAccepted,
    SubmissionReturned,
)
from domain.obligation.id import ObligationId
from domain.obligation.plan import CYCLES, Obligation, obligations_for_cycle
from domain.obligation.states import ObligationState
from reports.audit_trail import replay_store
from reports.catalog_directory import CatalogDirectory
from reports.cycle_report import render_cycle_report
from reports.formats import CycleReportFormat
from reports.instants import end_of_day
from store.event_store import Batch, EventStore, NewEvent

MSK = MOSCOW  # one Moscow for the whole tracker
SYSTEM = EventMetadata(actor="system", role="system")
COORDINATOR = EventMetadata(actor="coordinator", role="coordinator")
FILE = StoredFile(sha256="0" * 64, size=1, media_type="application/pdf", filename="prikaz.pdf")


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=MSK)


def _story(ob: Obligation, n: int) -> Iterator[tuple[DomainEvent, dt.datetime, EventMetadata]]:
    """A plausible life of one obligation; `n` varies it (late, returned, still open)."""
    oid = str(ob.id)
    yield ObligationOpened(
        obligation_id=oid, cycle=ob.cycle, measure=ob.measure, participant=ob.participant,
        due=ob.due, effective_due=ob.effective_due, milestones=ob.milestones,
    ), _at(dt.date(ob.cycle, 1, 9)), SYSTEM
    for days in (30, 14, 7, 1):
        yield ReminderSent(obligation_id=oid, days_before=days, due=ob.due), _at(
            ob.effective_due - dt.timedelta(days=days)), SYSTEM
    if n % 7 == 0:  # still open, overdue and escalated
        yield from _overdue(ob, ob.effective_due + dt.timedelta(days=30))
        return
    submitted = ob.effective_due + dt.timedelta(days=(n % 5) * 4 - 8)
    if submitted > ob.effective_due:
        yield from _overdue(ob, submitted)
    details = DocumentDetails(
        kind=DocumentKind.ORDER, number=f"{n}-п", date=submitted, issuer="Правительство"
    )
    document = SubmittedDocument(details=details, file=FILE)
    actor = EventMetadata(actor=f"region:{ob.participant}", role="region") if ob.is_regional else COORDINATOR
    yield DocumentSubmitted(obligation_id=oid, documents=(document,)), _at(submitted), actor
    if n % 3 == 0:
        returned = SubmissionReturned(obligation_id=oid, reason="нет подписи")
        yield returned, _at(submitted + dt.timedelta(2)), COORDINATOR
        submitted += dt.timedelta(days=9)
        yield DocumentSubmitted(obligation_id=oid, documents=(document,)), _at(submitted), actor
    yield SubmissionAccepted(obligation_id=oid), _at(submitted + dt.timedelta(days=3)), COORDINATOR
    yield ObligationClosed(obligation_id=oid, final_state=ObligationState.ACCEPTED), _at(
        submitted + dt.timedelta(days=3)), SYSTEM


def _overdue(ob: Obligation, until: dt.date) -> Iterator[tuple[DomainEvent, dt.datetime, EventMetadata]]:
    oid, missed = str(ob.id), ob.effective_due + dt.timedelta(days=1)
    yield DeadlineMissed(obligation_id=oid, due=ob.due, effective_due=ob.effective_due), _at(missed), SYSTEM
    for week in range(1, (until - missed).days // 7 + 1):
        notice = OverdueNoticeSent(obligation_id=oid, days_overdue=7 * week)
        yield notice, _at(missed + dt.timedelta(7 * week)), SYSTEM
        if week == 2:
            yield Escalated(obligation_id=oid, days_overdue=14), _at(missed + dt.timedelta(14)), SYSTEM


def cycle_obligations(cycle: int) -> list[Obligation]:
    """The plan's obligations of a cycle; past the plan's last cycle, its annual ones moved on by years."""
    if cycle in CYCLES:
        return obligations_for_cycle(cycle)
    return [_moved(ob, cycle) for ob in obligations_for_cycle(CYCLES[-1])]


def _moved(ob: Obligation, cycle: int) -> Obligation:
    years = cycle - ob.cycle

    def move(day: dt.date) -> dt.date:
        return day.replace(year=day.year + years, day=min(day.day, 28) if day.month == 2 else day.day)

    oid = ObligationId(cycle=cycle, measure=ob.measure, participant=ob.participant)
    dates = {"due": move(ob.due), "effective_due": move(ob.effective_due)}
    return ob.model_copy(update={"id": oid, "cycle": cycle, **dates})


def fill(store: EventStore, cycles: Iterable[int], limit: int) -> int:
    """Append obligations' stories of the given cycles until about `limit` events are stored."""
    written, n = 0, 0
    batches: list[Batch] = []
    for cycle in cycles:
        for ob in cycle_obligations(cycle):
            events = [NewEvent(e, uuid.uuid4(), meta, at) for e, at, meta in _story(ob, n)]
            batches.append(Batch(ob.id.stream, events, 0))
            written += len(events)
            n += 1
            if len(batches) >= 500:
                store.append_many(batches)
                batches = []
            if written >= limit:
                break
        if written >= limit:
            break
    if batches:
        store.append_many(batches)
    return written


def best_of(rounds: int, fn: Callable[[], Any]) -> float:
    """The fastest of `rounds` runs, in seconds."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def sql_seconds(store: EventStore, query: str, params: dict[str, Any], rounds: int) -> float:
    """The baseline: one plain aggregation query."""
    def run() -> None:
        with store.engine.connect() as conn:
            conn.execute(text(query), params).fetchall()
    return best_of(rounds, run)


def figure(metric: str, value: float, baseline: float, target: str) -> None:
    """Print one figure as a JSON line."""
    print(json.dumps({
        "bench": "reports", "metric": metric, "value": round(value, 3), "unit": "s",
        "baseline": round(baseline, 4), "ratio": round(value / baseline, 1) if baseline else None,
        "target": target,
    }, ensure_ascii=False))  # fmt: skip


def main() -> None:
    """Run the benchmark and print one JSON line per figure."""
    parser = argparse.ArgumentParser()
    add_size_options(parser, "fewer rounds (under a minute)")
    size = size_of(parser.parse_args())
    rounds = size.pick(3, 1, 1)
    replay_events = size.pick(200_000, 50_000, 0)  # 0: no events beyond the first cycle's
    with tempfile.TemporaryDirectory() as tmp:
        store = EventStore.open(f"sqlite:///{Path(tmp) / 'events.sqlite3'}")
        fill(store, (2023,), 10**9)
        counts = "SELECT state, count(*) FROM obligation_status WHERE cycle = :cycle GROUP BY state"
        baseline = sql_seconds(store, counts, {"cycle": 2023}, rounds)
        day = dt.date(2024, 12, 31)
        directory = CatalogDirectory()
        for fmt in (CycleReportFormat.XLSX, CycleReportFormat.HTML):
            seconds = best_of(rounds, lambda f=fmt: render_cycle_report(  # type: ignore[misc]
                store, directory, cycle=2023, fmt=f, as_of=day))
            figure(f"cycle_report_{fmt.value}_seconds", seconds, baseline,
                   f"full cycle 2023 ({len(obligations_for_cycle(2023))} obligations) in under 10 s")
        # A date inside the cycle: later events exist, so the report folds the log instead of the projection.
        past = best_of(rounds, lambda: render_cycle_report(
            store, directory, cycle=2023, fmt=CycleReportFormat.HTML, as_of=dt.date(2023, 12, 31)))
        figure("cycle_report_html_past_date_seconds", past, baseline, "past report date: folds the events")
        summary_figures(store, rounds)
        fill(store, count(CYCLES[1]), replay_events - store_count(store))
        events = store_count(store)
        # As of the last day of the data, every event is folded; as of the middle, about half are.
        with store.engine.connect() as conn:
            last = str(conn.execute(text("SELECT max(occurred_at) FROM events")).scalar_one())
        last_day = dt.date.fromisoformat(last[:10])
        for label, day in (("all", last_day), ("half", dt.date(2023 + (last_day.year - 2023) // 2, 6, 30))):
            as_of = end_of_day(day)
            replayed = best_of(rounds, lambda a=as_of: replay_store(store, a))  # type: ignore[misc]
            per_stream = "SELECT stream, count(*) FROM events WHERE occurred_at <= :at GROUP BY stream"
            sql_at = as_of.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            baseline = sql_seconds(store, per_stream, {"at": sql_at}, rounds)
            with store.engine.connect() as conn:
                up_to = text("SELECT count(*) FROM events WHERE occurred_at <= :at")
                included = int(conn.execute(up_to, {"at": sql_at}).scalar_one())
            figure(f"audit_replay_as_of_{label}_seconds", replayed, baseline,
                   f"{included} of {events} events folded as of {day}; 200,000 in under 60 s")
        store.close()


# Every number of the 2023 forms summed by its path: the bare aggregation the summary does with its rules.
_FORM_SUMS = (
    "SELECT t.fullkey, sum(t.value) FROM events e, json_tree(e.payload, '$.answers.items') t "
    "WHERE e.type = 'ReportFormSubmitted' AND e.stream >= 'form/2023/' AND e.stream < 'form/2023/~' "
    "AND t.type = 'integer' GROUP BY t.fullkey"
)


def summary_figures(store: EventStore, rounds: int) -> None:
    """The demo's forms of every region recorded, then the 2023 summary timed in HTML and DOCX."""
    from domain.plan.regions import REGION_CODES
    from eci.demo.forms import FORM_CYCLES, record_report_forms
    from reports.formats import SummaryFormat
    from reports.summary.from_store import summary_from_store
    from reports.summary.render import render_summary

    record_report_forms(store, REGION_CODES, cycles=FORM_CYCLES)
    baseline = sql_seconds(store, _FORM_SUMS, {}, rounds)
    day = dt.date(2024, 12, 31)
    for fmt in (SummaryFormat.HTML, SummaryFormat.DOCX):
        cpu = time.process_time()
        seconds = best_of(rounds, lambda f=fmt: render_summary(  # type: ignore[misc]
            summary_from_store(store, cycle=2023, as_of=day), f))
        cpu = (time.process_time() - cpu) / rounds
        figure(f"summary_{fmt.value}_seconds", seconds, baseline,
               "the demo's cycle 2023, 89 regions' forms, in under 5 s")
        # On a shared machine the wall clock counts other processes' turns too; the CPU time does not.
        figure(f"summary_{fmt.value}_cpu_seconds", cpu, baseline, "the same, CPU time of this process")


def store_count(store: EventStore) -> int:
    """Events stored so far."""
    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM events")).scalar_one())


if __name__ == "__main__":
    main()
