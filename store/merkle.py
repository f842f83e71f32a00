"""The log's Merkle tree, hashed as certificate-transparency logs hash theirs (RFC 6962, RFC 9162 §2.1).

Leaf hash `SHA-256(0x00 ‖ entry)`, interior node `SHA-256(0x01 ‖ left ‖ right)`, the tree over n leaves
split at the largest power of two below n, the empty tree's hash `SHA-256("")`. The entry of the event at
position p is leaf p - 1, and its entry is the row's chain hash as 32 raw bytes: that hash already
commits to every field of the row, so a leaf can be recomputed from the `hash` column alone.

Proofs are built from a `Subtree` function (the hash of leaves [start, end)), so the same code serves an
in-memory list and the store's kept nodes (`store.merkle_nodes`). Verifying a proof is the verifier's
business (`reports/receipt_verifier.py`), which holds its own copy of the rules: it runs without eci.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()
_sha256 = hashlib.sha256
Subtree = Callable[[int, int], bytes]


def leaf_hash(entry: bytes) -> bytes:
    """`SHA-256(0x00 ‖ entry)`."""
    return _sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """`SHA-256(0x01 ‖ left ‖ right)`."""
    return _sha256(b"\x01" + left + right).digest()


def event_leaf(chain_hash_hex: str) -> bytes:
    """The leaf hash of an event, from its stored chain hash (64 hex digits)."""
    return _sha256(b"\x00" + bytes.fromhex(chain_hash_hex)).digest()


def split(n: int) -> int:
    """The largest power of two smaller than n (n > 1): where RFC 6962 splits a tree of n leaves."""
    return 1 << ((n - 1).bit_length() - 1)


def root_of(leaves: Sequence[bytes]) -> bytes:
    """The tree hash of a list of leaf hashes (not entries)."""
    if not leaves:
        return EMPTY_ROOT
    tree = StreamingTree()
    for leaf in leaves:
        tree.add_leaf(leaf)
    return tree.root()


def list_subtree(leaves: Sequence[bytes]) -> Subtree:
    """A `Subtree` over leaf hashes held in memory."""
    return lambda start, end: root_of(leaves[start:end])


def inclusion_proof(index: int, size: int, subtree: Subtree) -> list[bytes]:
    """The audit path of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1), leaf side first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    path: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        k = split(end - start)
        if index < start + k:
            path.append(subtree(start + k, end))
            end = start + k
        else:
            path.append(subtree(start, start + k))
            start += k
    path.reverse()
    return path


def consistency_proof(old: int, new: int, subtree: Subtree) -> list[bytes]:
    """The proof that the tree of `new` leaves extends the tree of `old` (RFC 9162 §2.1.4.1)."""
    if not 0 <= old <= new:
        raise ValueError(f"no consistency proof from {old} to {new} leaves")
    if old in (0, new):
        return []
    proof: list[bytes] = []
    start, end, whole = 0, new, True
    m = old
    # SUBPROOF(m, D[start:end], whole), unrolled: each step descends into one half.
    while m != end - start:
        k = split(end - start)
        if m <= k:
            proof.append(subtree(start + k, end))
            end = start + k
        else:
            proof.append(subtree(start, start + k))
            start, m, whole = start + k, m - k, False
    if not whole:
        proof.append(subtree(start, end))
    proof.reverse()
    return proof


class StreamingTree:
    """The tree hash of a growing list of leaves, keeping one hash per set bit of the size (a compact
    range): adding a leaf costs one leaf hash and, on average, one node hash."""

    __slots__ = ("_stack", "size")

    def __init__(self) -> None:
        self._stack: list[bytes] = []
        self.size = 0

    def add_leaf(self, leaf: bytes) -> None:
        """Append one leaf hash."""
        n = self.size
        stack = self._stack
        while n & 1:
            leaf = _sha256(b"\x01" + stack.pop() + leaf).digest()
            n >>= 1
        stack.append(leaf)
        self.size += 1

    def add_event(self, chain_hash_hex: str) -> None:
        """Append the leaf of an event, given its chain hash (`add_leaf` inlined: a million calls matter)."""
        leaf = _sha256(b"\x00" + bytes.fromhex(chain_hash_hex)).digest()
        n = self.size
        self.size = n + 1
        stack = self._stack
        while n & 1:
            leaf = _sha256(b"\x01" + stack.pop() + leaf).digest()
            n >>= 1
        stack.append(leaf)

    def extend(self, chain_hashes: Iterable[str]) -> None:
        """Append the leaves of several events."""
        for value in chain_hashes:
            self.add_event(value)

    def root(self) -> bytes:
        """The tree hash of the leaves so far: the kept subtrees folded from the right."""
        if not self._stack:
            return EMPTY_ROOT
        stack = self._stack
        root = stack[-1]
        for left in reversed(stack[:-1]):
            root = _sha256(b"\x01" + left + root).digest()
        return root
