"""The log's Merkle tree hashes, and proves, as RFC 6962 / RFC 9162 say: the certificate-transparency
reference vectors (eight leaves, their roots, inclusion and consistency proofs) agree with both the
store's proof builder and the standalone verifier's checks, and every corruption of a proof fails."""

from __future__ import annotations

import hashlib
import random

import pytest

from reports import receipt_verifier as verifier
from store.merkle import (
    EMPTY_ROOT,
    StreamingTree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    list_subtree,
    node_hash,
    root_of,
)

LEAVES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                      "606162636465666768696a6b6c6d6e6f")]  # fmt: skip
ROOTS = [bytes.fromhex(h) for h in (
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
)]  # fmt: skip
# (leaf index, tree size, proof)
INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (0, 1, []),
]  # fmt: skip
# (old size, new size, proof)
CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]  # fmt: skip
HASHED = [leaf_hash(entry) for entry in LEAVES]


def test_leaf_node_and_empty_hashes_are_rfc_6962s() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert leaf_hash(b"").hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    assert leaf_hash(b"L123456").hex() == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    assert (
        node_hash(b"N123", b"N456").hex()
        == "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )
    assert verifier.leaf_hash(b"L123456") == leaf_hash(b"L123456")
    assert verifier.node_hash(b"N123", b"N456") == node_hash(b"N123", b"N456")


@pytest.mark.parametrize("size", range(1, 9))
def test_the_roots_of_the_reference_trees(size: int) -> None:
    assert root_of(HASHED[:size]) == ROOTS[size - 1]
    streaming = StreamingTree()
    for leaf in HASHED[:size]:
        streaming.add_leaf(leaf)
    assert streaming.root() == ROOTS[size - 1]


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_inclusion_proofs_are_the_reference_ones_and_verify(index: int, size: int, proof: list[str]) -> None:
    expected = [bytes.fromhex(h) for h in proof]
    assert inclusion_proof(index, size, list_subtree(HASHED[:size])) == expected
    assert verifier.verify_inclusion(index, size, HASHED[index], expected, ROOTS[size - 1])


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY)
def test_consistency_proofs_are_the_reference_ones_and_verify(old: int, new: int, proof: list[str]) -> None:
    expected = [bytes.fromhex(h) for h in proof]
    assert consistency_proof(old, new, list_subtree(HASHED[:new])) == expected
    assert verifier.verify_consistency(old, new, ROOTS[old - 1], ROOTS[new - 1], expected)


def _flipped(proof: list[bytes], n: int) -> list[bytes]:
    changed = list(proof)
    changed[n] = bytes([changed[n][0] ^ 8]) + changed[n][1:]
    return changed


@pytest.mark.parametrize(("index", "size", "proof"), [v for v in INCLUSION if v[2]])
def test_every_corrupted_inclusion_proof_fails(index: int, size: int, proof: list[str]) -> None:
    good = [bytes.fromhex(h) for h in proof]
    root, leaf = ROOTS[size - 1], HASHED[index]
    some = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
    probes = [
        (index - 1, size, leaf, good, root), (index + 1, size, leaf, good, root),
        (index ^ 2, size, leaf, good, root), (index, size * 2, leaf, good, root),
        (index, size // 2, leaf, good, root), (index, size, leaf_hash(b"WrongLeaf"), good, root),
        (index, size, leaf, good, EMPTY_ROOT), (index, size, leaf, good, some),
        (index, size, leaf, [*good, b""], root), (index, size, leaf, [*good, root], root),
        (index, size, leaf, [b"", *good], root), (index, size, leaf, [root, *good], root),
        (index, size, leaf, good[:-1], root),
        *((index, size, leaf, _flipped(good, n), root) for n in range(len(good))),
    ]  # fmt: skip
    for probe in probes:
        assert not verifier.verify_inclusion(*probe), probe


@pytest.mark.parametrize(("old", "new", "proof"), [v for v in CONSISTENCY if v[2]])
def test_every_corrupted_consistency_proof_fails(old: int, new: int, proof: list[str]) -> None:
    good = [bytes.fromhex(h) for h in proof]
    r1, r2 = ROOTS[old - 1], ROOTS[new - 1]
    probes = [
        (old - 1, new, r1, r2, good), (old + 1, new, r1, r2, good), (old ^ 2, new, r1, r2, good),
        (old, new * 2, r1, r2, good), (old, new // 2, r1, r2, good),
        (old, new, b"WrongRoot", r2, good), (old, new, r1, b"WrongRoot", good), (old, new, r2, r1, good),
        (old, new, r1, r2, []), (old, new, r1, r2, [*good, b""]), (old, new, r1, r2, [*good, r1]),
        (old, new, r1, r2, [*good, r2]), (old, new, r1, r2, [b"", *good]), (old, new, r1, r2, [r1, *good]),
        (old, new, r1, r2, [r2, *good]), (old, new, r1, r2, [good[0], *good]), (old, new, r1, r2, good[:-1]),
        *((old, new, r1, r2, _flipped(good, n)) for n in range(len(good))),
    ]  # fmt: skip
    for probe in probes:
        assert not verifier.verify_consistency(*probe), probe


def test_the_edge_cases_of_consistency() -> None:
    assert verifier.verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert verifier.verify_consistency(0, 5, EMPTY_ROOT, ROOTS[4], [])
    assert not verifier.verify_consistency(1, 0, ROOTS[0], EMPTY_ROOT, [])
    assert not verifier.verify_consistency(1, 1, ROOTS[0], ROOTS[0], [EMPTY_ROOT])
    assert not verifier.verify_consistency(1, 1, ROOTS[0], ROOTS[1], [])


def test_proofs_between_every_pair_of_sizes_of_a_larger_tree_verify() -> None:
    rng = random.Random(7)
    leaves = [leaf_hash(rng.randbytes(8)) for _ in range(300)]
    roots = [root_of(leaves[:n]) for n in range(len(leaves) + 1)]
    subtree = list_subtree(leaves)
    for _ in range(400):
        new = rng.randrange(1, len(leaves) + 1)
        old, index = rng.randrange(0, new + 1), rng.randrange(0, new)
        assert verifier.verify_consistency(
            old, new, roots[old], roots[new], consistency_proof(old, new, subtree)
        )
        assert verifier.verify_inclusion(
            index, new, leaves[index], inclusion_proof(index, new, subtree), roots[new]
        )


def test_a_tree_of_event_hashes_takes_each_hash_as_its_32_bytes() -> None:
    chain = [hashlib.sha256(str(n).encode()).hexdigest() for n in range(5)]
    tree = StreamingTree()
    tree.extend(chain)
    assert tree.root() == root_of([leaf_hash(bytes.fromhex(h)) for h in chain])
