"""Every seal and person's signature of the live log, checked in the chain's own walk: the rows
`store.verify.verify_chain` has just verified are handed to the checker the audit bundle ships
(`reports.bundle_signatures.SignatureChecker`), so a full `eci audit verify` reads the log once.

Which rows the checker needs: before the log's first sealed event only users' events and actions (a log
begun before sealing costs no more than its chain); while events are sealed one by one, every row whole;
from the first transaction seal on, actions and users' events whole and, of the other rows, only those
that carry a seal, without their payloads."""

from __future__ import annotations

from typing import Any

from reports.bundle_signatures import ACTION_OF, USER_EVENTS, SignatureChecker, SignatureProblem
from store.event_store import EventStore
from store.report_queries import RawEventRow, first_sealed
from store.seal_queries import stored_row, transaction_seals_from
from store.verify import ChainReport, iter_chain_rows

SIGNATURE_TYPES = (*USER_EVENTS, *ACTION_OF)
_WHOLE = frozenset(SIGNATURE_TYPES)
_NEVER = 1 << 62


class SignatureFeed:
    """Call it with each verified chain row in order; `verdict` completes the chain's report."""

    def __init__(self, store: EventStore, founder: str | None = None, trusted_through: int = 0) -> None:
        engine, dialect = store.engine, store.dialect
        self.checker = SignatureChecker(
            founder, trusted_through, row_at=lambda at: stored_row(engine, dialect, at)
        )
        self.trusted_through = trusted_through
        self.sealed_from = first_sealed(engine, dialect)
        # From here every row is read whole (sealed one by one), up to the first transaction seal.
        self._every = _NEVER if self.sealed_from is None else max(self.sealed_from, trusted_through + 1)
        self._transactions = transaction_seals_from(engine, dialect) or _NEVER
        self.problem: SignatureProblem | None = None

    def __call__(self, row: tuple[Any, ...]) -> None:
        if self.problem is not None:
            return
        position = row[0]
        if row[4] in _WHOLE or self._every <= position < self._transactions:
            data = RawEventRow.of(row).as_json_object()
        elif row[12] is not None and position >= self._transactions:  # a seal's row: what its check reads
            try:
                if self.checker.plain_sealed(position, row[9], row[11], row[12]):
                    return
            except SignatureProblem as exc:
                self.problem = exc
                return
            data = {"position": position, "type": row[4], "stream": row[2], "recorded_at": row[9],
                    "hash": row[11], "seal": row[12]}  # fmt: skip
        else:
            return
        try:
            self.checker.row(data)
        except SignatureProblem as exc:
            self.problem = exc

    def verdict(self, report: ChainReport) -> ChainReport:
        """The chain's verdict completed by the seals and signatures (a chain failure comes first)."""
        if not report.ok:
            return report
        if self.problem is None:
            try:
                self.checker.finish(report.events)
            except SignatureProblem as exc:
                self.problem = exc
        if self.problem is not None:
            failure = {"ok": False, "position": self.problem.position, "reason": str(self.problem)}
            return report.model_copy(update={**failure, "code": self.problem.code})
        summary = self.checker.summary()
        sealed_from = self.sealed_from
        return report.model_copy(
            update={
                "signatures": summary["signatures"],
                "signatures_checked": summary["signatures_checked"],
                "seals": summary.get("seals"),
                # Every row before the first sealed one (the checker read only some of them).
                "unsealed_before_sealing": sealed_from - 1 if sealed_from and sealed_from > 1 else None,
                "founder": summary.get("founder"),
                "trusted_through": self.trusted_through or None,
            }
        )


def with_signatures(
    report: ChainReport, store: EventStore, founder: str | None = None, trusted_through: int = 0
) -> ChainReport:
    """The verdict completed by every seal and person's signature, in a walk of its own (`eci audit
    verify` checks them in the chain's walk); `founder`: the founding admin's key fingerprint, if kept;
    `trusted_through`: how many first events were verified in full before (only their users, keys
    and action ids are read, to judge the events after them)."""
    feed = SignatureFeed(store, founder, trusted_through)
    for row in iter_chain_rows(store.engine, store.dialect):
        feed(row)
    return feed.verdict(report)
