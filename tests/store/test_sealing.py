"""The writer's seal as the store appends: every event of a sealed store carries a seal that verifies over
the text rebuilt from its stored row, on both engines; a re-append of a stored event seals nothing anew;
an unsealed store writes events as before."""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from store_events import new, opened, reminder, stream_of

from domain.eventing.seal import seal_text_of_row
from domain.identity.ed25519 import verifies
from eci.identity.keys import SigningKey
from eci.identity.sealing import KeySealer
from store.chain import canonical_json
from store.event_store import EventStore
from store.report_queries import iter_event_rows

KEY = SigningKey("eci-worker", Ed25519PrivateKey.generate())
OID = "2023/05/77"


def test_every_appended_event_is_sealed_over_its_stored_row(event_store: EventStore) -> None:
    event_store.sealer = KeySealer(KEY)
    recorded = event_store.append(stream_of(OID), [new(opened(OID)), new(reminder(OID))])
    event_store.append_many([])  # nothing to seal
    rows = list(iter_event_rows(event_store.engine, event_store.dialect))
    assert len(rows) == 2
    for row, event in zip(rows, recorded, strict=True):
        seal = row.metadata["seal"]
        assert (seal["login"], seal["key_id"]) == ("eci-worker", KEY.key_id)
        assert "public_key" not in seal, "only the founding admin's seal carries its key"
        assert verifies(KEY.public_b64, seal["value"], seal_text_of_row(row.as_json_object()))
        assert event.metadata.seal is not None
        assert canonical_json(event.metadata.model_dump(mode="json")) == canonical_json(row.metadata)


def test_a_changed_stream_or_payload_no_longer_matches_the_seal(event_store: EventStore) -> None:
    event_store.sealer = KeySealer(KEY)
    event_store.append(stream_of(OID), [new(opened(OID))])
    row = next(iter(iter_event_rows(event_store.engine, event_store.dialect))).as_json_object()
    seal = row["metadata"]["seal"]
    moved = {**row, "stream": stream_of("2023/05/78")}
    later = {**row, "payload": {**row["payload"], "due": "2024-12-31"}}
    assert not verifies(KEY.public_b64, seal["value"], seal_text_of_row(moved))
    assert not verifies(KEY.public_b64, seal["value"], seal_text_of_row(later))


def test_a_stored_event_appended_again_is_returned_as_stored(event_store: EventStore) -> None:
    first = new(opened(OID))
    event_store.sealer = KeySealer(KEY)
    [stored] = event_store.append(stream_of(OID), [first])
    [again] = event_store.append(stream_of(OID), [first])
    assert again.metadata.seal == stored.metadata.seal
    assert event_store.head() == (1, stored.hash)


def test_an_unsealed_store_writes_no_seal(event_store: EventStore) -> None:
    [stored] = event_store.append(stream_of(OID), [new(opened(OID), dt.datetime(2023, 3, 1, tzinfo=dt.UTC))])
    assert stored.metadata.seal is None
    row = next(iter(iter_event_rows(event_store.engine, event_store.dialect)))
    assert "seal" not in row.metadata
