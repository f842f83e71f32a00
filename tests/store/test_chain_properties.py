"""Properties of the chain on both engines: any history of appends and conflicts stays gapless, verifies
and folds to the stored projection; any single changed byte of any row is found at that row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from store_events import accepted, missed, new, opened, reminder, returned, stream_of, submitted
from store_tamper import unguard

from domain.obligation.status import fold_all
from store.errors import ConcurrencyConflict
from store.event_store import EventStore, NewEvent
from store.projections import list_statuses
from store.rebuild import rebuild_projections
from store.verify import verify_chain

OBLIGATIONS = ("2023/05/77", "2023/05/50", "2024/12/Минтруд России")
PROPERTY_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


@dataclass(frozen=True)
class Step:
    """One append attempt: which obligation, which events, how the expected version is given."""

    obligation: int
    kinds: tuple[str, ...]
    expectation: str  # "right", "stale" or "any"
    retry_previous: bool


_EVENT = {
    "reminder": reminder,
    "submitted": submitted,
    "accepted": accepted,
    "returned": returned,
    "missed": missed,
}

steps = st.lists(
    st.builds(
        Step,
        obligation=st.integers(0, len(OBLIGATIONS) - 1),
        kinds=st.lists(st.sampled_from(sorted(_EVENT)), min_size=1, max_size=3).map(tuple),
        expectation=st.sampled_from(["right", "stale", "any"]),
        retry_previous=st.booleans(),
    ),
    min_size=1,
    max_size=12,
)


def _run(store: EventStore, history: list[Step]) -> int:
    """Apply the steps; returns how many events must be stored."""
    stored = 0
    previous: tuple[str, list[NewEvent]] | None = None
    for step in history:
        oid = OBLIGATIONS[step.obligation]
        stream = stream_of(oid)
        if step.retry_previous and previous is not None:
            first = store.append(*previous)
            again = store.append(*previous)
            assert again == first
            continue
        version = store.stream_version(stream)
        events = [new(opened(oid))] if version == 0 else []
        events += [new(_EVENT[kind](oid)) for kind in step.kinds]
        if step.expectation == "stale" and version > 0:
            with pytest.raises(ConcurrencyConflict):
                store.append(stream, events, expected_version=version - 1)
            continue
        expected = version if step.expectation == "right" else None
        store.append(stream, events, expected_version=expected)
        stored += len(events)
        previous = (stream, events)
    return stored


@PROPERTY_SETTINGS
@given(history=steps)
def test_any_history_leaves_a_gapless_verifying_chain_folding_to_the_projection(
    fresh_store: Callable[[], EventStore], history: list[Step]
) -> None:
    store = fresh_store()
    stored = _run(store, history)
    events = list(store.read_all())
    assert [e.position for e in events] == list(range(1, stored + 1))
    report = verify_chain(store.engine, store.dialect)
    assert report.ok
    assert report.events == stored
    folded = fold_all(events)
    assert {s.id: s for s in list_statuses(store)} == folded
    rebuild_projections(store.engine, store.dialect)
    assert {s.id: s for s in list_statuses(store)} == folded


COLUMNS = (
    "position",
    "event_id",
    "stream",
    "version",
    "type",
    "schema_version",
    "payload",
    "metadata",
    "occurred_at",
    "recorded_at",
    "prev_hash",
    "hash",
)
_PG_CAST = {
    "position": "bigint",
    "version": "integer",
    "schema_version": "integer",
    "payload": "json",
    "metadata": "json",
    "occurred_at": "timestamptz",
    "recorded_at": "timestamptz",
}


def _as_text(store: EventStore, column: str, position: int) -> Any:
    """The stored value of one cell, as its text (or the raw value on SQLite)."""
    dialect = store.dialect
    if dialect.is_sqlite:
        expression = column
    elif column in ("occurred_at", "recorded_at"):
        expression = dialect.ts_text(column)
    else:
        expression = f"{column}::text"
    with store.engine.connect() as conn:
        return conn.execute(
            text(f"SELECT {expression} FROM events WHERE position = :p"), {"p": position}
        ).scalar_one()


def _overwrite(store: EventStore, column: str, position: int, value: str | bytes) -> bool:
    """Store `value` in one cell; False if the database refuses it (wrong type, duplicate key)."""
    cast = _PG_CAST.get(column) if not store.dialect.is_sqlite else None
    target = f"CAST(:v AS {cast})" if cast else ":v"
    try:
        with store.engine.begin() as conn:
            unguard(conn)
            statement = text(f"UPDATE events SET {column} = {target} WHERE position = :p")
            conn.execute(statement, {"v": value, "p": position})
    except Exception:
        return False
    return True


@PROPERTY_SETTINGS
@given(
    row=st.integers(1, 6),
    column=st.sampled_from(COLUMNS),
    offset=st.integers(0, 10_000),
    byte=st.integers(0x20, 0x7E),
)
def test_changing_any_byte_of_any_row_is_found_at_that_row(
    fresh_store: Callable[[], EventStore], row: int, column: str, offset: int, byte: int
) -> None:
    store = fresh_store()
    oid = OBLIGATIONS[2]
    store.append(stream_of(oid), [new(opened(oid)), new(reminder(oid)), new(submitted(oid))])
    store.append(stream_of(oid), [new(returned(oid)), new(submitted(oid, seed=2)), new(accepted(oid))])
    before = _as_text(store, column, row)
    data = bytearray(str(before).encode("utf-8"))
    index = offset % len(data)
    assume(data[index] != byte)
    data[index] = byte
    try:
        tampered: str | bytes = data.decode("utf-8")
    except UnicodeDecodeError:
        assume(store.dialect.is_sqlite)  # only SQLite can hold the broken text, as a blob
        tampered = bytes(data)
    assume(_overwrite(store, column, row, tampered))
    moved_to = int(tampered) if column == "position" else row
    assume(_as_text(store, column, moved_to) != before)
    report = verify_chain(store.engine, store.dialect)
    assert not report.ok
    assert report.position == row
