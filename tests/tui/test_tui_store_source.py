"""The TUI's data source over a real SQLite event store: cycles, light statuses, changes, timeline, as-of."""

from __future__ import annotations

import datetime as dt
import uuid

from domain.eventing.metadata import EventMetadata
from domain.moscow import MOSCOW
from domain.obligation.events import SubmissionAccepted
from domain.obligation.states import ObligationState
from store.event_store import EventStore, NewEvent
from tui.store_source import StoreSource


def test_light_statuses_agree_with_the_full_projection(store_url: str) -> None:
    source = StoreSource.open(store_url)
    try:
        assert source.cycles() == [2023, 2024]
        light = {s.id: s for s in source.statuses(2023)}
        assert light
        for oid in list(light)[:40]:
            full = source.status(oid)
            assert full is not None
            mine = light[oid]
            assert (mine.state, mine.effective_due, mine.submitted_at, mine.escalated) == (
                full.state, full.effective_due, full.submitted_at, full.escalated)
    finally:
        source.close()


def test_changes_since_names_the_obligations_touched_and_the_new_head(store_url: str) -> None:
    source = StoreSource.open(store_url)
    try:
        head = source.head()
        assert source.changes_since(head).obligation_ids == frozenset()
        oid = next(s.id for s in source.statuses(2023) if s.state is ObligationState.SUBMITTED)
        store = EventStore.open(store_url)
        meta = EventMetadata(actor="coordinator", role="coordinator")
        store.append(f"obligation/{oid}", [NewEvent(SubmissionAccepted(obligation_id=oid), uuid.uuid4(), meta,
                                                    dt.datetime.now(MOSCOW))])
        store.close()
        changes = source.changes_since(head)
        assert changes.head == head + 1
        assert changes.obligation_ids == {oid}
        assert [s.state for s in source.statuses_of(changes.obligation_ids)] == [ObligationState.ACCEPTED]
        assert source.timeline(oid)[-1].type == "SubmissionAccepted"
        assert source.timeline(oid)[-1].actor == "coordinator"
    finally:
        source.close()


def test_statuses_as_of_fold_only_what_had_happened(store_url: str) -> None:
    source = StoreSource.open(store_url)
    try:
        before = source.statuses_as_of(2023, dt.datetime(2023, 2, 1, tzinfo=MOSCOW))
        assert before
        assert {s.state for s in before} == {ObligationState.OPEN}
        assert all(s.cycle == 2023 for s in before)
    finally:
        source.close()
