"""The log's Merkle tree as the store keeps it: the hash of every complete subtree of 256 events and more.

Appends never touch the tree (they stay as fast as before); `catch_up` adds the nodes of the blocks
completed since it last ran, in short transactions, before a checkpoint is signed. Any subtree hash is
then a few kept nodes plus at most two runs of under 256 event hashes: a proof over a million events
reads a few hundred rows. Nodes that are missing (a store never caught up, a read-only user) are
computed from the events instead, so every answer is right, only slower.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from store.engine import Dialect, read_cursor, write_transaction
from store.errors import StoreError
from store.merkle import EMPTY_ROOT, consistency_proof, event_leaf, inclusion_proof, node_hash, root_of, split

BASE_LEVEL = 8
BLOCK = 1 << BASE_LEVEL
_CATCH_UP_LEAVES = 16 * 1024  # per transaction: a short hold on SQLite's single writer
_INSERT = "INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?) ON CONFLICT (level, idx) DO NOTHING"


def _leaves(cur: Any, dialect: Dialect, start: int, end: int) -> list[bytes]:
    """Leaf hashes of leaves [start, end): events at positions start + 1 … end."""
    cur.execute(
        dialect.sql("SELECT hash FROM events WHERE position > ? AND position <= ? ORDER BY position"),
        (start, end),
    )
    hashes = [str(row[0]) for row in cur.fetchall()]
    if len(hashes) != end - start:
        raise StoreError(f"в журнале нет событий {start + 1}…{end} для его дерева Меркла", "missing_events")
    return [event_leaf(h) for h in hashes]


def _node(cur: Any, dialect: Dialect, level: int, idx: int) -> bytes | None:
    cur.execute(dialect.sql("SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?"), (level, idx))
    row = cur.fetchone()
    return bytes.fromhex(str(row[0])) if row else None


class TreeReader:
    """Subtree hashes of the log inside one read transaction: kept nodes where there are, events else."""

    def __init__(self, cur: Any, dialect: Dialect) -> None:
        self._cur = cur
        self._dialect = dialect

    def subtree(self, start: int, end: int) -> bytes:
        """The tree hash of leaves [start, end) (RFC 6962 MTH)."""
        n = end - start
        if n <= 0:
            return EMPTY_ROOT
        if n <= BLOCK:
            return root_of(_leaves(self._cur, self._dialect, start, end))
        if n & (n - 1) == 0 and start % n == 0:
            level = n.bit_length() - 1
            kept = _node(self._cur, self._dialect, level, start >> level)
            if kept is not None:
                return kept
        k = split(n)
        return node_hash(self.subtree(start, start + k), self.subtree(start + k, end))


def _with_reader(engine: Engine, dialect: Dialect, work: Callable[[TreeReader], Any]) -> Any:
    with read_cursor(engine, dialect) as cur:
        return work(TreeReader(cur, dialect))


def tree_root(engine: Engine, dialect: Dialect, size: int) -> bytes:
    """The tree hash of the first `size` events."""
    result: bytes = _with_reader(engine, dialect, lambda tree: tree.subtree(0, size))
    return result


def inclusion(engine: Engine, dialect: Dialect, index: int, size: int) -> list[bytes]:
    """The inclusion proof of leaf `index` (the event at position index + 1) in the tree of `size`."""
    result: list[bytes] = _with_reader(
        engine, dialect, lambda tree: inclusion_proof(index, size, tree.subtree)
    )
    return result


def inclusions(engine: Engine, dialect: Dialect, indices: list[int], size: int) -> list[list[bytes]]:
    """Inclusion proofs of several leaves in one tree, read in one transaction."""
    result: list[list[bytes]] = _with_reader(
        engine, dialect, lambda tree: [inclusion_proof(i, size, tree.subtree) for i in indices]
    )
    return result


def consistency(engine: Engine, dialect: Dialect, old: int, new: int) -> list[bytes]:
    """The proof that the tree of `new` events extends the tree of `old`."""
    result: list[bytes] = _with_reader(
        engine, dialect, lambda tree: consistency_proof(old, new, tree.subtree)
    )
    return result


def covered(engine: Engine, dialect: Dialect) -> int:
    """How many leaves the kept blocks cover."""
    with read_cursor(engine, dialect) as cur:
        cur.execute(dialect.sql("SELECT max(idx) FROM merkle_nodes WHERE level = ?"), (BASE_LEVEL,))
        top = cur.fetchone()[0]
    return 0 if top is None else (int(top) + 1) * BLOCK


def catch_up(engine: Engine, dialect: Dialect) -> int:
    """Keep the nodes of every block of 256 events completed since the last run; the leaves covered."""
    done = covered(engine, dialect)
    with read_cursor(engine, dialect) as cur:
        cur.execute("SELECT max(position) FROM events")
        if int(cur.fetchone()[0] or 0) < done + BLOCK:
            return done  # no block completed since: no write transaction, no wait on the append lock
    while True:
        with write_transaction(engine, dialect) as cur:
            cur.execute("SELECT max(position) FROM events")
            head = int(cur.fetchone()[0] or 0)
            end = min(head // BLOCK * BLOCK, done + _CATCH_UP_LEAVES)
            if end <= done:
                return done
            rows = _block_nodes(cur, dialect, done, end)
            cur.executemany(dialect.sql(_INSERT), rows)
        done = end


def _block_nodes(cur: Any, dialect: Dialect, start: int, end: int) -> list[tuple[int, int, str]]:
    """The nodes completed by the blocks of leaves [start, end), both multiples of 256."""
    leaves = _leaves(cur, dialect, start, end)
    new: dict[tuple[int, int], bytes] = {}
    for offset in range(0, end - start, BLOCK):
        level, idx = BASE_LEVEL, (start + offset) >> BASE_LEVEL
        value = root_of(leaves[offset : offset + BLOCK])
        new[(level, idx)] = value
        while idx & 1:  # a right child completes its parent
            left = new.get((level, idx - 1)) or _node(cur, dialect, level, idx - 1)
            if left is None:
                raise StoreError(
                    f"в дереве Меркла нет узла {level}/{idx - 1}: запустите достройку дерева снова",
                    "missing_node",
                )
            value = node_hash(left, value)
            level, idx = level + 1, idx >> 1
            new[(level, idx)] = value
    return [(level, idx, value.hex()) for (level, idx), value in new.items()]
