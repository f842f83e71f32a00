"""The store's Merkle tree of the log: kept nodes give the same roots and proofs as the tree computed
from the events' hashes, on both engines; appends never wait for the tree; checkpoints are signed by the
log key, which is created once, readable by its owner only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from store_events import new, opened, reminder, stream_of

from reports import receipt_verifier as verifier
from store.checkpoints import covering, every_checkpoint, latest, sign_checkpoint, witnessed_before
from store.errors import StoreError
from store.event_store import Batch, EventStore
from store.log_key import load_log_key
from store.merkle import StreamingTree, consistency_proof, event_leaf, inclusion_proof, list_subtree
from store.merkle_nodes import BLOCK, catch_up, consistency, covered, inclusions, tree_root


def _grow(store: EventStore, events: int, first: int = 0) -> None:
    """Append obligations of ten events until the log holds `events` more."""
    batches = []
    for k in range(first, first + events // 10):
        oid = f"2023/{k % 31 + 1:02d}/{k // 31:02d}"
        batches.append(Batch(stream_of(oid), [new(opened(oid))] + [new(reminder(oid, d)) for d in range(9)]))
    store.append_many(batches)


def _hashes(store: EventStore) -> list[str]:
    return [e.hash for e in store.read_all()]


@pytest.fixture
def grown(event_store: EventStore) -> EventStore:
    _grow(event_store, 1300)
    return event_store


def test_kept_nodes_cover_whole_blocks_and_catching_up_twice_adds_nothing(grown: EventStore) -> None:
    assert covered(grown.engine, grown.dialect) == 0, "appends keep no tree"
    assert catch_up(grown.engine, grown.dialect) == 1300 // BLOCK * BLOCK
    assert catch_up(grown.engine, grown.dialect) == 1280
    _grow(grown, 300, first=200)
    assert catch_up(grown.engine, grown.dialect) == 1536


@pytest.mark.parametrize("caught_up", [True, False], ids=["kept-nodes", "from-events"])
def test_roots_and_proofs_from_the_store_equal_those_of_the_whole_tree(
    grown: EventStore, caught_up: bool
) -> None:
    if caught_up:
        catch_up(grown.engine, grown.dialect)
    leaves = [event_leaf(h) for h in _hashes(grown)]
    whole = list_subtree(leaves)
    engine, dialect = grown.engine, grown.dialect
    for size in (1, 255, 256, 257, 512, 1000, 1300):
        assert tree_root(engine, dialect, size) == whole(0, size)
    indices = [0, 1, 255, 256, 700, 1299]
    assert inclusions(engine, dialect, indices, 1300) == [inclusion_proof(i, 1300, whole) for i in indices]
    for old in (0, 1, 256, 300, 1024, 1299, 1300):
        assert consistency(engine, dialect, old, 1300) == consistency_proof(old, 1300, whole)


def test_the_streaming_tree_of_the_hashes_has_the_stores_root(grown: EventStore) -> None:
    tree = StreamingTree()
    tree.extend(_hashes(grown))
    assert tree.root() == tree_root(grown.engine, grown.dialect, 1300)


def test_a_checkpoint_is_signed_by_the_log_key_over_its_size_root_and_time(
    grown: EventStore, tmp_path: Path
) -> None:
    key = load_log_key(tmp_path / "keys" / "log.ed25519.pem")
    checkpoint = sign_checkpoint(grown.engine, grown.dialect, key, witnessed=True)
    assert (checkpoint.size, checkpoint.key_id) == (1300, key.key_id)
    assert checkpoint.root == tree_root(grown.engine, grown.dialect, 1300).hex()
    checked = verifier.Checkpoint(checkpoint.public(), key.key_id)
    assert (checked.size, checked.signature_checked) == (1300, True)
    forged = {**checkpoint.public(), "size": 1299}
    with pytest.raises(verifier.Failure, match="подпись"):
        verifier.Checkpoint(forged, None)
    assert latest(grown.engine, grown.dialect, witnessed=True) == checkpoint
    assert covering(grown.engine, grown.dialect, 1300) == checkpoint
    assert covering(grown.engine, grown.dialect, 1301) is None
    _grow(grown, 10, first=500)
    receipt_only = sign_checkpoint(grown.engine, grown.dialect, key, witnessed=False)
    assert latest(grown.engine, grown.dialect, witnessed=True) == checkpoint
    assert witnessed_before(grown.engine, grown.dialect, 1310) == checkpoint
    assert every_checkpoint(grown.engine, grown.dialect) == [checkpoint, receipt_only]


def test_the_log_key_is_made_once_and_kept_from_other_users(tmp_path: Path) -> None:
    path = tmp_path / "data" / "log.ed25519.pem"
    umask = os.umask(0o077)  # as `eci` sets it for a private data dir
    try:
        first = load_log_key(path)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_log_key(path).key_id == first.key_id
    assert [p.name for p in path.parent.iterdir()] == ["log.ed25519.pem"], "no partial file is left"
    path.chmod(0o660)
    assert load_log_key(path).key_id == first.key_id, "a data dir's group shares the deployment's key"
    path.chmod(0o644)
    with pytest.raises(StoreError, match="ключ журнала доступен другим пользователям"):
        load_log_key(path)
