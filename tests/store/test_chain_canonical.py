"""The row's canonical JSON built by concatenation equals the documented `json.dumps` recipe."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from store.chain import canonical_json, canonical_row

texts = st.text(max_size=20)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    event_id=texts,
    stream=texts,
    type_=texts,
    payload=st.dictionaries(texts, json_values, max_size=4),
    metadata=st.dictionaries(texts, json_values, max_size=4),
    numbers=st.tuples(st.integers(1, 10**9), st.integers(1, 10**6), st.integers(1, 9)),
    times=st.tuples(texts, texts),
)
def test_concatenated_row_equals_sorted_dumps(
    event_id: str,
    stream: str,
    type_: str,
    payload: dict[str, object],
    metadata: dict[str, object],
    numbers: tuple[int, int, int],
    times: tuple[str, str],
) -> None:
    position, version, schema_version = numbers
    fields = {
        "event_id": event_id,
        "metadata": metadata,
        "occurred_at": times[0],
        "payload": payload,
        "position": position,
        "recorded_at": times[1],
        "schema_version": schema_version,
        "stream": stream,
        "type": type_,
        "version": version,
    }
    documented = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    built = canonical_row(
        event_id=event_id,
        metadata_json=canonical_json(metadata),
        occurred_at=times[0],
        payload_json=canonical_json(payload),
        position=position,
        recorded_at=times[1],
        schema_version=schema_version,
        stream=stream,
        type_=type_,
        version=version,
    )
    assert built == documented


floats_too = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(value=floats_too)
def test_canonical_json_equals_documented_dumps(value: object) -> None:
    documented = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_json(value) == documented
