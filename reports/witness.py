"""Witnessed heads: a `position:hash` quoted earlier (in a report, an export, a digest) must still be in the
chain. A rewritten history fails this even when the rewriter recomputed every hash after the change.

Each failure reads in Russian and carries the code the bundle's verifier gives the same fault."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from sqlalchemy import Engine

from domain.errors import DomainError
from reports.bundle_signatures import ACTION_OF, USER_EVENTS
from reports.bundle_verifier import SignatureChecker, SignatureProblem
from reports.document_check import check_documents
from store.engine import Dialect
from store.event_store import EventStore
from store.report_queries import first_sealed, hash_at, iter_event_rows
from store.seal_queries import iter_signature_rows, stored_row, transaction_seals_from
from store.verify import ChainReport

_WITNESS = re.compile(r"^(\d+):([0-9a-fA-F]{64})$")
# The rows the signature checker reads before the log's first sealed event (it passes over every other
# there): reading only these keeps a full verify of a million unsealed events within twice the chain's
# own walk. From the first sealed event on, it reads every row: each must be sealed.
SIGNATURE_TYPES = (*USER_EVENTS, *ACTION_OF)


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
    report: ChainReport,
    store: EventStore,
    documents_dir: Path,
    witnesses: list[str],
    founder: str | None = None,
    trusted_through: int = 0,
) -> ChainReport:
    """The chain verdict completed by the witnessed heads, the document files and the signatures (those
    after `trusted_through`, when the first events were verified in full before)."""
    report = with_witnesses(report, check_witnesses(store.engine, store.dialect, witnesses))
    if not report.ok:
        return report
    problems = check_documents(store.engine, store.dialect, documents_dir)
    if problems:
        first = problems[0]
        failure = {"ok": False, "position": first.position, "reason": first.reason, "code": first.code}
        return report.model_copy(update=failure)
    return with_signatures(report, store, founder, trusted_through)


def with_signatures(
    report: ChainReport, store: EventStore, founder: str | None = None, trusted_through: int = 0
) -> ChainReport:
    """The verdict completed by every seal and person's signature, checked as the bundle's verifier
    does (`reports.bundle_signatures`); `founder`: the founding admin's key fingerprint, if kept;
    `trusted_through`: how many first events were verified in full before (only their users, keys
    and action ids are read, to judge the events after them)."""
    engine, dialect = store.engine, store.dialect
    checker = SignatureChecker(founder, trusted_through, row_at=lambda at: stored_row(engine, dialect, at))
    sealed_from = first_sealed(engine, dialect)
    every_from = None if sealed_from is None else max(sealed_from, trusted_through + 1)
    # Before transaction seals (a log sealed event by event, or not at all) every row from the first seal
    # is read whole; from them on, only actions, users' events and the rows that carry a seal.
    transactions_from = transaction_seals_from(engine, dialect)
    rows = chain(
        (r.as_json_object() for r in iter_event_rows(
            engine, dialect, types=SIGNATURE_TYPES, every_from=every_from, before=transactions_from
        )),
        () if transactions_from is None else iter_signature_rows(
            engine, dialect, SIGNATURE_TYPES, transactions_from
        ),
    )  # fmt: skip
    try:
        for row in rows:
            checker.row(row)
        checker.finish(report.events)
    except SignatureProblem as exc:
        failure = {"ok": False, "position": exc.position, "reason": str(exc), "code": exc.code}
        return report.model_copy(update=failure)
    summary = checker.summary()
    return report.model_copy(
        update={
            "signatures": summary["signatures"],
            "signatures_checked": summary["signatures_checked"],
            "seals": summary.get("seals"),
            # Every row before the first sealed one (the checker read only some of them).
            "unsealed_before_sealing": sealed_from - 1 if sealed_from and sealed_from > 1 else None,
            "founder": summary.get("founder"),
            "trusted_through": trusted_through or None,
        }
    )
