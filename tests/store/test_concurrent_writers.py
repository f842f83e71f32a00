"""Concurrent writers, as threads and as processes, never fork the chain nor lose or repeat a position."""

from __future__ import annotations

import multiprocessing
import threading

from store_events import new, opened, reminder, stream_of

from domain.obligation.status import fold_all
from store.errors import ConcurrencyConflict
from store.event_store import EventStore
from store.projections import list_statuses
from store.verify import verify_chain

WRITERS = 4
APPENDS = 15
OBLIGATIONS = [f"2023/05/{code}" for code in ("77", "50", "01")]


def _write(url: str, writer: int, results: list[int] | None = None) -> int:
    """Append APPENDS times, half of them with an expected version (which may lose a race)."""
    store = EventStore.open(url, migrate=False)
    stored = 0
    try:
        for n in range(APPENDS):
            oid = OBLIGATIONS[(writer + n) % len(OBLIGATIONS)]
            stream = stream_of(oid)
            expected = store.stream_version(stream) if n % 2 else None
            try:
                store.append(stream, [new(reminder(oid, days=n)), new(reminder(oid, days=n))], expected)
                stored += 2
            except ConcurrencyConflict:
                pass
    finally:
        store.close()
    if results is not None:
        results.append(stored)
    return stored


def _open_all(store: EventStore) -> None:
    for oid in OBLIGATIONS:
        store.append(stream_of(oid), [new(opened(oid))], expected_version=0)


def _check(store: EventStore, stored: int) -> None:
    events = list(store.read_all())
    assert [e.position for e in events] == list(range(1, stored + 1))
    for oid in OBLIGATIONS:
        versions = [e.version for e in store.read_stream(stream_of(oid))]
        assert versions == list(range(1, len(versions) + 1))
    assert verify_chain(store.engine, store.dialect).ok
    assert {s.id: s for s in list_statuses(store)} == fold_all(events)


def test_threads_appending_at_once_keep_one_gapless_chain(event_store: EventStore) -> None:
    _open_all(event_store)
    results: list[int] = []
    threads = [
        threading.Thread(target=_write, args=(event_store.url, w, results)) for w in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == WRITERS
    _check(event_store, len(OBLIGATIONS) + sum(results))


def test_processes_appending_at_once_keep_one_gapless_chain(event_store: EventStore) -> None:
    _open_all(event_store)
    with multiprocessing.get_context("fork").Pool(WRITERS) as pool:
        results = pool.starmap(_write, [(event_store.url, w) for w in range(WRITERS)])
    _check(event_store, len(OBLIGATIONS) + sum(results))
