"""The writer's seal as the store appends: every transaction of a sealed store ends with a seal that
verifies over the digest rebuilt from its stored rows, on both engines; each writer's seals chain into
one session; a change to a covered row no longer matches; a re-append of a stored event seals nothing
anew; an unsealed store writes events as before."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from store_events import new, opened, reminder, stream_of

from domain.eventing.seal import FIRST_LINK, SEAL_SPAN, locator, seal_link
from domain.identity.ed25519 import verifies
from eci.identity.keys import SigningKey
from eci.identity.sealing import KeySealer
from store.chain import canonical_json
from store.errors import ConcurrencyConflict
from store.event_store import EventStore
from store.report_queries import RawEventRow, iter_event_rows

KEY = SigningKey("eci-worker", Ed25519PrivateKey.generate())
OID = "2023/05/77"


def rows_of(store: EventStore) -> list[RawEventRow]:
    return list(iter_event_rows(store.engine, store.dialect))


def digest(seal: dict[str, Any], rows: list[RawEventRow], last: int) -> str:
    """The digest a seal on row `last` signs, rebuilt from the stored rows as a verifier does."""
    covered = [r for r in rows if seal["first"] <= r.position <= last]
    return seal_link(
        session=seal["session"], seq=seal["seq"], first=seal["first"], last=last, head=covered[-1].hash,
        rows=locator([r.hash for r in covered]), login=seal["login"], key_id=seal["key_id"],
        prev=seal["prev"],
    )  # fmt: skip


def test_every_appended_transaction_is_sealed_over_its_stored_rows(event_store: EventStore) -> None:
    event_store.sealer = KeySealer(KEY)
    recorded = event_store.append(stream_of(OID), [new(opened(OID)), new(reminder(OID))])
    event_store.append_many([])  # nothing to seal
    rows = rows_of(event_store)
    assert len(rows) == 2
    assert rows[0].seal is None, "one seal per transaction, on its last row"
    seal = rows[1].seal
    assert (seal["login"], seal["key_id"], seal["first"], seal["seq"]) == ("eci-worker", KEY.key_id, 1, 0)
    assert seal["prev"] == FIRST_LINK
    assert "public_key" not in seal, "only the founding admin's seal carries its key"
    assert verifies(KEY.public_b64, seal["value"], digest(seal, rows, 2))
    for row, event in zip(rows, recorded, strict=True):
        assert event.metadata.seal is None, "the event itself is stored as it was written"
        assert canonical_json(event.metadata.model_dump(mode="json")) == canonical_json(row.metadata)


def test_a_writers_seals_chain_into_one_session(event_store: EventStore) -> None:
    event_store.sealer = KeySealer(KEY)
    event_store.append(stream_of(OID), [new(opened(OID))])
    event_store.append(stream_of(OID), [new(reminder(OID))])
    rows = rows_of(event_store)
    first, second = rows[0].seal, rows[1].seal
    assert first["session"] == second["session"]
    assert (second["seq"], second["first"]) == (1, 2)
    assert second["prev"] == digest(first, rows, 1), "each seal's digest includes the one before it"
    assert verifies(KEY.public_b64, second["value"], digest(second, rows, 2))


def test_a_transaction_that_fails_leaves_no_gap_in_the_session(event_store: EventStore) -> None:
    event_store.sealer = KeySealer(KEY)
    event_store.append(stream_of(OID), [new(opened(OID))])
    with pytest.raises(ConcurrencyConflict):
        event_store.append(stream_of(OID), [new(reminder(OID))], expected_version=0)
    event_store.append(stream_of(OID), [new(reminder(OID))], expected_version=1)
    rows = rows_of(event_store)
    assert rows[1].seal["seq"] == 1
    assert rows[1].seal["prev"] == digest(rows[0].seal, rows, 1)


def test_a_large_append_carries_a_seal_for_every_span_of_rows(event_store: EventStore) -> None:
    event_store.sealer = KeySealer(KEY)
    count = SEAL_SPAN + 5
    event_store.append(stream_of(OID), [new(opened(OID))] + [new(reminder(OID)) for _ in range(count - 1)])
    rows = rows_of(event_store)
    sealed = [r for r in rows if r.seal is not None]
    assert [r.position for r in sealed] == [SEAL_SPAN, count]
    assert [s.seal["first"] for s in sealed] == [1, SEAL_SPAN + 1]
    for row in sealed:
        assert verifies(KEY.public_b64, row.seal["value"], digest(row.seal, rows, row.position))


def test_a_changed_stream_or_payload_no_longer_matches_the_seal(event_store: EventStore) -> None:
    event_store.sealer = KeySealer(KEY)
    event_store.append(stream_of(OID), [new(opened(OID))])
    [row] = rows_of(event_store)
    seal = row.seal
    for change in ({"stream": stream_of("2023/05/78")}, {"payload": {**row.payload, "due": "2024-12-31"}}):
        fields = {**row.as_json_object(), **change}
        from reports.bundle_verifier import GENESIS, row_hash

        rechained = RawEventRow(**{**{k: fields[k] for k in RawEventRow.__dataclass_fields__ if k in fields},
                                   "hash": row_hash(GENESIS, fields)})  # fmt: skip
        assert rechained.hash != row.hash
        assert not verifies(KEY.public_b64, seal["value"], digest(seal, [rechained], 1))


def test_a_stored_event_appended_again_is_returned_as_stored(event_store: EventStore) -> None:
    first = new(opened(OID))
    event_store.sealer = KeySealer(KEY)
    [stored] = event_store.append(stream_of(OID), [first])
    [again] = event_store.append(stream_of(OID), [first])
    assert again == stored
    assert event_store.head() == (1, stored.hash)
    assert [r.seal["seq"] for r in rows_of(event_store)] == [0], "nothing new, nothing sealed"


def test_an_unsealed_store_writes_no_seal(event_store: EventStore) -> None:
    [stored] = event_store.append(stream_of(OID), [new(opened(OID), dt.datetime(2023, 3, 1, tzinfo=dt.UTC))])
    assert stored.metadata.seal is None
    row = rows_of(event_store)[0]
    assert "seal" not in row.metadata
    assert row.seal is None
    assert "seal" not in json.loads(json.dumps(row.as_json_object()))


def test_a_forged_seal_over_more_rows_than_any_writer_seals_covers_nothing(event_store: EventStore) -> None:
    """The users' fold reads the rows a seal covers: a forged range must not make it read the whole log."""
    from store_tamper import unguard

    from store.engine import read_cursor
    from store.seal_check import transaction_seal

    event_store.sealer = KeySealer(KEY)
    more = [new(reminder(OID)) for _ in range(SEAL_SPAN + 1)]
    event_store.append(stream_of(OID), [new(opened(OID)), *more])
    last = SEAL_SPAN + 2
    with read_cursor(event_store.engine, event_store.dialect) as cur:
        assert transaction_seal(cur, event_store.dialect, SEAL_SPAN + 1, {}) is not None
    rows = rows_of(event_store)
    # Stretched back to the first row, its prefixes made to match: only the bound refuses it.
    stretched = json.dumps({**rows[-1].seal, "first": 1, "rows": locator([r.hash for r in rows])})
    with event_store.engine.begin() as conn:
        unguard(conn)
        conn.exec_driver_sql(f"UPDATE events SET seal = '{stretched}' WHERE position = {last}")
    with read_cursor(event_store.engine, event_store.dialect) as cur:
        assert transaction_seal(cur, event_store.dialect, SEAL_SPAN + 1, {}) is None
