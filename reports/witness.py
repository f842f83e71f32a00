"""Witnessed heads: a `position:hash` quoted earlier (in a report, an export, a digest) must still be in the
chain. A rewritten history fails this even when the rewriter recomputed every hash after the change.

Each failure reads in Russian and carries the code the bundle's verifier gives the same fault."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from domain.errors import DomainError
from reports.document_check import check_documents
from reports.signature_feed import SignatureFeed
from store.engine import Dialect
from store.event_store import EventStore
from store.report_queries import hash_at
from store.verify import ChainReport

_WITNESS = re.compile(r"^(\d+):([0-9a-fA-F]{64})$")


@dataclass(frozen=True)
class Witness:
    """A head seen earlier."""

    position: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> Witness:
        """Read `POSITION:HASH`; DomainError otherwise."""
        match = _WITNESS.match(text.strip())
        if not match:
            shown = text.strip()[:100]
            raise DomainError(
                f"свидетельство «{shown}» не в виде ПОЗИЦИЯ:ХЕШ (хеш — 64 шестнадцатеричные цифры)",
                code="witness_malformed",
            )
        return cls(int(match.group(1)), match.group(2).lower())

    def __str__(self) -> str:
        return f"{self.position}:{self.hash}"


@dataclass(frozen=True)
class WitnessCheck:
    """Whether one witness holds, and why not (Russian, and the check's code)."""

    witness: Witness
    ok: bool
    reason: str | None = None
    code: str | None = None


def check_witness(engine: Engine, dialect: Dialect, witness: Witness) -> WitnessCheck:
    """Compare the stored hash at the witnessed position with the witnessed hash."""
    stored = hash_at(engine, dialect, witness.position)
    said = f"свидетельство о позиции {witness.position}"
    if stored is None:
        reason = f"{said} не подтверждается: такой позиции в цепочке нет"
        return WitnessCheck(witness, False, reason, "witness_position_missing")
    if stored != witness.hash:
        reason = f"{said} не подтверждается: засвидетельствован хеш {witness.hash}, а в цепочке — {stored}"
        return WitnessCheck(witness, False, reason, "witness_mismatch")
    return WitnessCheck(witness, True)


def check_witnesses(engine: Engine, dialect: Dialect, texts: list[str]) -> list[WitnessCheck]:
    """Check every witness (all parsed first, so a typo fails before anything is read)."""
    witnesses = [Witness.parse(t) for t in texts]
    return [check_witness(engine, dialect, w) for w in witnesses]


def with_witnesses(report: ChainReport, checks: list[WitnessCheck]) -> ChainReport:
    """The chain verdict, failed at the first witness that does not hold."""
    failed = next((c for c in checks if not c.ok), None)
    if failed is None or not report.ok:
        return report
    failure = {"ok": False, "position": failed.witness.position, "reason": failed.reason, "code": failed.code}
    return report.model_copy(update=failure)


def full_verdict(
    report: ChainReport, store: EventStore, documents_dir: Path, witnesses: list[str], feed: SignatureFeed
) -> ChainReport:
    """The chain verdict completed by the witnessed heads, the document files and the seals and
    signatures `feed` checked in the chain's walk."""
    report = with_witnesses(report, check_witnesses(store.engine, store.dialect, witnesses))
    if not report.ok:
        return report
    problems = check_documents(store.engine, store.dialect, documents_dir)
    if problems:
        first = problems[0]
        failure = {"ok": False, "position": first.position, "reason": first.reason, "code": first.code}
        return report.model_copy(update=failure)
    return feed.verdict(report)
