"""Checkpoints under audit: the log today must extend every checkpoint it ever signed and every one a
witness kept (`eci audit verify --checkpoint FILE`).

The chain walk hands each row's hash to `RootsAt`, which builds the Merkle tree in the same pass and
notes its root at each checkpoint's size: a checkpoint holds when the first `size` events still hash to
its root. For a witness's checkpoint, a consistency proof from its size to today's is also built from the
store's kept nodes and checked by the RFC 9162 rule (the very check a witness without the log makes).
A failure reads in Russian and carries a stable English code (`checkpoint_not_extended` …).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from domain.errors import DomainError
from reports import receipt_verifier
from reports.bundle_problems import moment, os_error
from store.checkpoints import Checkpoint, every_checkpoint
from store.event_store import EventStore
from store.merkle import EMPTY_ROOT, StreamingTree
from store.merkle_nodes import consistency
from store.verify import ChainReport

MAX_FILE_BYTES = 5_000_000


class RootsAt:
    """Fed each event's chain hash in order: the Merkle tree, and its roots at the sizes asked for."""

    def __init__(self, sizes: set[int]) -> None:
        self.tree = StreamingTree()
        self.wanted = sizes
        self.roots: dict[int, bytes] = {0: EMPTY_ROOT}
        self._add = self.tree.add_event

    def __call__(self, chain_hash: str) -> None:
        self._add(chain_hash)
        if self.tree.size in self.wanted:
            self.roots[self.tree.size] = self.tree.root()


@dataclass
class Witnessed:
    """A checkpoint a witness kept, read from a file (or a receipt, which carries one)."""

    name: str
    raw: dict[str, Any]
    size: int = field(init=False)

    def __post_init__(self) -> None:
        try:
            self.size = receipt_verifier.Checkpoint(self.raw, None).size
        except receipt_verifier.Failure as exc:
            reason = f"{self.name}: не подписанная контрольная точка этого журнала: {exc}"
            raise DomainError(reason, code="checkpoint_file_invalid") from None


def read_checkpoint_file(path: Path) -> Witnessed:
    """A checkpoint file, a witness mail's attachment or a receipt: its signed checkpoint."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DomainError(os_error(exc), code="checkpoint_file_unreadable") from None
    if len(data) > MAX_FILE_BYTES:
        raise DomainError(f"{path}: файл больше {MAX_FILE_BYTES} байт", code="checkpoint_file_too_large")
    not_json = DomainError(f"{path}: не контрольная точка журнала в JSON", code="checkpoint_file_malformed")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise not_json from None
    if isinstance(document, dict) and isinstance(document.get("checkpoint"), dict):
        document = document["checkpoint"]
    if not isinstance(document, dict):
        raise not_json
    return Witnessed(str(path), document)


def checkpoint_roots(store: EventStore, files: list[Witnessed]) -> tuple[RootsAt, list[Checkpoint]]:
    """The tree builder for a chain walk, wanting the roots of the stored and the witnessed checkpoints."""
    stored = every_checkpoint(store.engine, store.dialect)
    return RootsAt({c.size for c in stored} | {f.size for f in files}), stored


def _fail(report: ChainReport, failure: tuple[str, str]) -> ChainReport:
    code, reason = failure
    return report.model_copy(update={"ok": False, "position": None, "reason": reason, "code": code})


def _holds(roots: RootsAt, events: int, size: int, root: bytes, name: str) -> tuple[str, str] | None:
    """Why the log does not extend a checkpoint (size, root): the code and the reason; or None."""
    if size > events:
        return "checkpoint_truncated", (
            f"{name}: в журнале событий {events}, меньше, чем в контрольной точке ({size}): журнал усечён"
        )
    if roots.roots.get(size) != root:
        return "checkpoint_not_extended", (
            f"{name}: первые {size} событий журнала больше не дают корень контрольной точки: событие на "
            f"позиции {size} или раньше изменено, удалено или переставлено"
        )
    return None


def with_checkpoints(
    report: ChainReport, store: EventStore, roots: RootsAt, stored: list[Checkpoint], files: list[Witnessed]
) -> tuple[ChainReport, list[dict[str, Any]]]:
    """The verdict completed by the checkpoints; and, per witnessed file, what was proved."""
    if not report.ok:
        return report, []
    events = report.events
    today = roots.tree.root()
    for checkpoint in stored:
        name = f"контрольная точка {checkpoint.size} от {moment(checkpoint.time)}"
        try:
            receipt_verifier.Checkpoint(checkpoint.public(), None)
        except receipt_verifier.Failure as exc:
            return _fail(report, ("checkpoint_invalid", f"{name}: {exc}")), []
        reason = _holds(roots, events, checkpoint.size, bytes.fromhex(checkpoint.root), name)
        if reason:
            return _fail(report, reason), []
    proved: list[dict[str, Any]] = []
    for file in files:
        size, root = file.size, bytes.fromhex(file.raw["root"])
        reason = _holds(roots, events, size, root, file.name)
        if reason:
            return _fail(report, reason), proved
        proof = consistency(store.engine, store.dialect, size, events)
        if not receipt_verifier.verify_consistency(size, events, root, today, proof):
            wrong = f"{file.name}: хранимые узлы дерева Меркла дают неверное доказательство согласованности"
            return _fail(report, ("consistency_proof_invalid", wrong)), proved
        proved.append({"file": file.name, "size": size, "root": root.hex(), "consistent": True,
                       "proof": [h.hex() for h in proof]})  # fmt: skip
    return report, proved


def public(
    report: ChainReport, roots: RootsAt, stored: list[Checkpoint], proved: list[dict[str, Any]]
) -> dict[str, Any]:
    """`eci audit verify --json`, with the tree and the checkpoints once there are any."""
    verdict = report.public()
    if report.ok and (stored or proved):
        verdict["tree_root"] = roots.tree.root().hex()
        verdict["checkpoints"] = len(stored)
        if proved:
            verdict["witnessed"] = proved
    return verdict
