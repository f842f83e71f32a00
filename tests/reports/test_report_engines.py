"""The report's store queries on both engines: the same story gives the same report and raw rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fixtures_reports import Story, at

from domain.obligation.plan import obligations_for_cycle
from reports import bundle_verifier
from reports.audit_trail import by_actor_in_store
from reports.catalog_directory import CatalogDirectory
from reports.cycle_report import completion_report
from reports.source import store_head
from store.documents import DocumentStore
from store.event_store import EventStore
from store.projections import list_statuses
from store.report_queries import iter_event_rows


def test_cycle_report_reads_only_its_cycle_and_matches_the_projection(
    event_store: EventStore, tmp_path: Path
) -> None:
    story = Story(event_store, DocumentStore(tmp_path / "documents"))
    for ob in obligations_for_cycle(2023, region="77")[:3] + obligations_for_cycle(2024, region="77")[:2]:
        story.open(ob, at(f"{ob.cycle}-01-10"))
    first = str(obligations_for_cycle(2023, region="77")[0].id)
    story.submit(first, at("2023-05-01"), "1")
    story.accept(first, at("2023-05-05"))
    report = completion_report(event_store, CatalogDirectory(), cycle=2023, as_of=dt.date(2023, 12, 31))
    assert [r.obligation_id for r in report.rows] == [s.id for s in list_statuses(event_store, cycle=2023)]
    assert report.overall.accepted == 1
    assert report.head == store_head(event_store)
    rows = list(iter_event_rows(event_store.engine, event_store.dialect))
    assert [r.position for r in rows] == list(range(1, len(rows) + 1))
    assert rows[-1].hash == report.head.hash


def test_exported_rows_rehash_with_the_standalone_rule_on_each_engine(
    event_store: EventStore, tmp_path: Path
) -> None:
    story = Story(event_store, DocumentStore(tmp_path / "documents"))
    ob = obligations_for_cycle(2023, region="05")[0]
    story.open(ob, at("2023-01-10"))
    story.submit(str(ob.id), at("2023-03-01"), "7-п")
    for row in iter_event_rows(event_store.engine, event_store.dialect):
        assert bundle_verifier.row_hash(row.prev_hash, row.as_json_object()) == row.hash


def test_who_reads_the_actors_rows_on_each_engine(event_store: EventStore, tmp_path: Path) -> None:
    story = Story(event_store, DocumentStore(tmp_path / "documents"))
    ob = obligations_for_cycle(2023, region="05")[0]
    story.open(ob, at("2023-01-10"))
    story.submit(str(ob.id), at("2023-03-01"), "7_п%")
    assert [e.type for e in by_actor_in_store(event_store, "region:05")] == ["DocumentSubmitted"]
    assert [e.type for e in by_actor_in_store(event_store, "system")] == ["ObligationOpened"]
    assert by_actor_in_store(event_store, "region:0_") == []
