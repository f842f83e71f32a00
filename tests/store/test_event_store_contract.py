"""The event store's contract, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import text
from store_events import T0, accepted, missed, new, opened, reminder, stream_of, submitted
from store_tamper import unguard

from domain.actors import COORDINATOR
from domain.errors import DomainError
from domain.eventing.metadata import EventMetadata
from domain.obligation.states import ObligationState
from store.errors import ConcurrencyConflict, SchemaMismatch, StoreError
from store.event_store import Batch, EventStore, NewEvent
from store.projections import (
    documents,
    get_status,
    list_statuses,
    measure_summaries,
    participant_summaries,
    projection_position,
    status_as_of,
)
from store.rebuild import rebuild_projections
from store.schema import PROJECTION_TABLES
from store.verify import verify_chain

OID = "2023/05/77"
STREAM = stream_of(OID)


def _count(store: EventStore) -> int:
    with store.engine.connect() as conn:
        return int(conn.scalar(text("SELECT count(*) FROM events")) or 0)


def dump_projections(store: EventStore) -> dict[str, list[tuple[object, ...]]]:
    """Every projection table's rows, sorted, for exact comparison."""
    with store.engine.connect() as conn:
        return {
            table: sorted(tuple(row) for row in conn.execute(text(f"SELECT * FROM {table}")))
            for table in (*PROJECTION_TABLES, "projection_positions")
        }


def test_append_numbers_positions_and_versions(event_store: EventStore) -> None:
    first = event_store.append(STREAM, [new(opened(OID)), new(reminder(OID))], expected_version=0)
    other = event_store.append(stream_of("2023/05/50"), [new(opened("2023/05/50"))])
    assert [(e.position, e.version) for e in first] == [(1, 1), (2, 2)]
    assert (other[0].position, other[0].version) == (3, 1)
    assert first[1].prev_hash == first[0].hash
    assert other[0].prev_hash == first[1].hash
    assert [e.event for e in event_store.read_stream(STREAM)] == [opened(OID), reminder(OID)]
    assert [e.position for e in event_store.read_all()] == [1, 2, 3]
    assert [e.position for e in event_store.read_all(from_position=2)] == [3]
    assert event_store.stream_version(STREAM) == 2


def test_read_back_keeps_metadata_and_times(event_store: EventStore) -> None:
    meta = EventMetadata.for_actor(COORDINATOR, workflow_id=STREAM, run_id="r1", cause="review")
    at = dt.datetime(2023, 6, 1, 12, 30, 15, 123456, tzinfo=dt.UTC)
    [stored] = event_store.append(STREAM, [NewEvent(opened(OID), uuid.uuid4(), meta, at)])
    [read] = event_store.read_stream(STREAM)
    assert read == stored
    assert read.metadata == meta
    assert read.occurred_at == at
    assert read.recorded_at > at


def test_reappending_an_event_id_returns_the_stored_event(event_store: EventStore) -> None:
    event = new(opened(OID))
    [first] = event_store.append(STREAM, [event], expected_version=0)
    [again] = event_store.append(STREAM, [event], expected_version=0)
    assert again == first
    assert _count(event_store) == 1


def test_a_stored_event_deep_in_a_large_batch_is_returned_not_repeated(event_store: EventStore) -> None:
    stored = new(opened(OID))
    [first] = event_store.append(STREAM, [stored])
    other = stream_of("2023/05/50")
    batches = [Batch(other, [new(opened("2023/05/50"))] + [new(reminder("2023/05/50")) for _ in range(599)])]
    results = event_store.append_many([*batches, Batch(STREAM, [stored])])
    assert results[1] == [first]
    assert [e.position for e in results[0]] == list(range(2, 602))
    assert _count(event_store) == 601
    assert verify_chain(event_store.engine, event_store.dialect).ok


def test_wrong_expected_version_conflicts_and_writes_nothing(event_store: EventStore) -> None:
    event_store.append(STREAM, [new(opened(OID))])
    with pytest.raises(ConcurrencyConflict, match="ожидалась версия 0, в хранилище 1") as conflict:
        event_store.append(STREAM, [new(reminder(OID))], expected_version=0)
    assert conflict.value.code == "concurrency_conflict"
    assert _count(event_store) == 1
    assert event_store.head() == (1, event_store.read_stream(STREAM)[0].hash)


def test_failed_batch_in_append_many_writes_nothing(event_store: EventStore) -> None:
    other = stream_of("2023/05/50")
    batches = [Batch(STREAM, [new(opened(OID))]), Batch(other, [new(opened("2023/05/50"))], 3)]
    with pytest.raises(ConcurrencyConflict):
        event_store.append_many(batches)
    assert _count(event_store) == 0
    assert list_statuses(event_store) == []


def test_event_of_another_obligation_is_refused(event_store: EventStore) -> None:
    with pytest.raises(StoreError, match="событие обязательства 2023/05/50 нельзя записать в поток") as info:
        event_store.append(STREAM, [new(opened("2023/05/50"))])
    assert info.value.code == "wrong_stream"
    assert _count(event_store) == 0


def test_unknown_type_and_bad_payload_are_one_line_errors() -> None:
    meta = EventMetadata(actor="system", role="system")
    with pytest.raises(DomainError, match="неизвестный тип события «Nonsense»"):
        NewEvent.from_payload("Nonsense", {}, event_id=uuid.uuid4(), metadata=meta, occurred_at=T0)
    with pytest.raises(DomainError, match="не соответствуют его схеме: reason") as info:
        NewEvent.from_payload(
            "SubmissionReturned", {"obligation_id": OID, "reason": ""}, event_id=uuid.uuid4(), metadata=meta,
            occurred_at=T0,
        )
    assert "\n" not in str(info.value)


def test_unregistered_event_class_is_refused(event_store: EventStore) -> None:
    from domain.eventing.base import DomainEvent

    class Stray(DomainEvent):
        type = "Stray"

    with pytest.raises(DomainError, match="неизвестный тип события «Stray»"):
        event_store.append(STREAM, [new(Stray(obligation_id=OID))])
    assert _count(event_store) == 0


def test_database_from_a_newer_schema_is_refused(store_url: str) -> None:
    EventStore.open(store_url).close()
    store = EventStore.open(store_url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    store.close()
    with pytest.raises(SchemaMismatch, match="новее известной этой версии eci") as info:
        EventStore.open(store_url)
    assert info.value.code == "schema_too_new"
    assert "\n" not in str(info.value)


def test_projections_are_current_when_append_returns(event_store: EventStore) -> None:
    event_store.append(STREAM, [new(opened(OID))])
    assert get_status(event_store, OID).state is ObligationState.OPEN  # type: ignore[union-attr]
    event_store.append(STREAM, [new(submitted(OID), at=T0 + dt.timedelta(days=3))])
    status = get_status(event_store, OID)
    assert status is not None
    assert status.state is ObligationState.SUBMITTED
    assert status.submitted_at == T0 + dt.timedelta(days=3)
    event_store.append(STREAM, [new(accepted(OID))])
    event_store.append(stream_of("2023/07/50"), [new(opened("2023/07/50")), new(missed("2023/07/50"))])
    assert [s.id for s in list_statuses(event_store, state=ObligationState.ACCEPTED)] == [OID]
    assert [s.id for s in list_statuses(event_store, participant="50")] == ["2023/07/50"]
    summaries = participant_summaries(event_store)
    summary = {(p.participant, p.counts.accepted, p.counts.overdue) for p in summaries}
    assert summary == {("77", 1, 0), ("50", 0, 1)}
    by_measure = {(m.measure, m.counts.total) for m in measure_summaries(event_store, cycle=2023)}
    assert by_measure == {(5, 1), (7, 1)}
    [doc] = documents(event_store, obligation_id=OID)
    assert (doc.position, doc.number, doc.sha256) == (2, "1-п", f"{1:064x}")
    assert projection_position(event_store) == 5


def test_rebuild_gives_identical_projections(event_store: EventStore) -> None:
    for n, participant in enumerate(["77", "50", "Минтруд России"]):
        oid = f"2023/0{n + 1}/{participant}"
        event_store.append(stream_of(oid), [new(opened(oid)), new(reminder(oid))])
        event_store.append(stream_of(oid), [new(submitted(oid, seed=n + 1))])
        if n:
            event_store.append(stream_of(oid), [new(accepted(oid))])
    event_store.append("audit/notes", [new(reminder(OID))])
    before = dump_projections(event_store)
    assert rebuild_projections(event_store.engine, event_store.dialect) == 12
    assert dump_projections(event_store) == before


def test_status_as_of_business_time_and_as_known_at(event_store: EventStore) -> None:
    event_store.append(STREAM, [new(opened(OID), at=T0)])
    event_store.append(STREAM, [new(submitted(OID), at=T0 + dt.timedelta(days=10))])
    recorded_submission = event_store.read_stream(STREAM)[1].recorded_at
    event_store.append(STREAM, [new(accepted(OID), at=T0 + dt.timedelta(days=20))])
    early = status_as_of(event_store, OID, as_of=T0 + dt.timedelta(days=5))
    assert early is not None
    assert early.state is ObligationState.OPEN
    assert status_as_of(event_store, OID, as_of=T0 - dt.timedelta(days=1)) is None
    known = status_as_of(event_store, OID, as_known_at=recorded_submission)
    assert known is not None
    assert known.state is ObligationState.SUBMITTED
    assert status_as_of(event_store, OID) == get_status(event_store, OID)


def test_verify_reports_head_of_an_intact_chain(event_store: EventStore) -> None:
    recorded = event_store.append(STREAM, [new(opened(OID)), new(reminder(OID)), new(reminder(OID, 14))])
    report = verify_chain(event_store.engine, event_store.dialect)
    assert report.public() == {"ok": True, "events": 3, "head_position": 3, "head": recorded[-1].hash}


def test_verify_names_a_deleted_row(event_store: EventStore) -> None:
    event_store.append(STREAM, [new(opened(OID)), new(reminder(OID)), new(reminder(OID, 14))])
    with event_store.engine.begin() as conn:
        unguard(conn)
        conn.execute(text("DELETE FROM events WHERE position = 2"))
    report = verify_chain(event_store.engine, event_store.dialect)
    assert (report.ok, report.position, report.code) == (False, 2, "position_gap")
    assert report.reason == "позиции 2 нет, следующая записанная — 3: событие удалено или переставлено"


def test_verify_names_a_deleted_last_row_the_projections_had_seen(event_store: EventStore) -> None:
    event_store.append(STREAM, [new(opened(OID)), new(reminder(OID))])
    with event_store.engine.begin() as conn:
        unguard(conn)
        conn.execute(text("DELETE FROM events WHERE position = 2"))
    report = verify_chain(event_store.engine, event_store.dialect)
    assert (report.ok, report.position, report.code) == (False, 2, "tail_missing")
    assert report.reason == "события после позиции 1 удалены: проекции уже учли позицию 2"


def test_verify_names_reordered_rows(event_store: EventStore) -> None:
    event_store.append(STREAM, [new(opened(OID)), new(reminder(OID, 30)), new(reminder(OID, 14))])
    with event_store.engine.begin() as conn:
        unguard(conn)
        conn.execute(text("UPDATE events SET position = -2 WHERE position = 2"))
        conn.execute(text("UPDATE events SET position = 2 WHERE position = 3"))
        conn.execute(text("UPDATE events SET position = 3 WHERE position = -2"))
    report = verify_chain(event_store.engine, event_store.dialect)
    assert (report.ok, report.position, report.code) == (False, 2, "prev_hash_mismatch")
