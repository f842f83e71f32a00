"""The writer's seal, applied as the store appends: each append transaction is signed by the key of the
process that writes it (`domain.eventing.seal` says what a seal covers), so nothing enters the log
unsigned.

A seal signs a digest of the chain hash of the last row it covers, so it is made inside the append
transaction, once the rows are numbered and hashed: one signature (about 40 µs) per transaction, not
per event. Each writer's seals form a session: every seal's digest includes the one before it, and the
session advances only once its transaction is committed, so the digests a verifier recomputes follow
exactly the seals in the log. The store only calls the sealer; the key lives with the writer
(`eci.identity.sealing`), never here.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from domain.eventing.metadata import SealRecord
from domain.eventing.seal import FIRST_LINK, SEAL_SPAN, TRANSACTION_SEAL, locator, seal_link
from store.chain import canonical_json

# Row tuples (see `store.append`): the position is first, the chain hash last before the seal column.
_POSITION, _HASH, _SEAL = 0, 11, 12


class Sealer(Protocol):
    """Signs with the writer's key."""

    login: str
    key_id: str

    def seal(self, text: str) -> SealRecord:
        """The seal of `text`: the writer's login, key id and Ed25519 signature."""
        ...


@dataclass
class _State:
    seq: int = 0
    link: str = FIRST_LINK


class SealSession:
    """One writer's chain of seals within one store: a random id, and the seals made so far."""

    def __init__(self, sealer: Sealer) -> None:
        self.sealer = sealer
        self.id = secrets.token_hex(8)
        self._state = _State()
        self._lock = threading.Lock()

    @contextmanager
    def sealing(self) -> Iterator[SealBatch]:
        """Seal one transaction's rows: held across the transaction, advanced only if it commits."""
        with self._lock:
            batch = SealBatch(self, self._state.seq, self._state.link)
            yield batch
            self._state = _State(batch.seq, batch.link)


class SealBatch:
    """The seals of one transaction, chained after the session's committed seals."""

    def __init__(self, session: SealSession, seq: int, link: str) -> None:
        self.session = session
        self.seq = seq
        self.link = link

    def seal(self, rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """The rows with a seal on the last of every `SEAL_SPAN` and on the very last."""
        if not rows:
            return list(rows)
        sealer = self.session.sealer
        sealed = list(rows)
        for start in range(0, len(rows), SEAL_SPAN):
            span = rows[start : start + SEAL_SPAN]
            first, last = int(span[0][_POSITION]), int(span[-1][_POSITION])
            covered = locator([str(row[_HASH]) for row in span])
            link = seal_link(
                session=self.session.id, seq=self.seq, first=first, last=last, head=str(span[-1][_HASH]),
                rows=covered, login=sealer.login, key_id=sealer.key_id, prev=self.link,
            )  # fmt: skip
            record = sealer.seal(link)
            body: dict[str, Any] = {
                "first": first, "key_id": record.key_id, "login": record.login, "prev": self.link,
                "rows": covered, "seal": TRANSACTION_SEAL, "seq": self.seq, "session": self.session.id,
                "value": record.value,
            }  # fmt: skip
            if record.public_key is not None:
                body["public_key"] = record.public_key
            index = start + len(span) - 1
            sealed[index] = (*rows[index][:_SEAL], canonical_json(body))
            self.seq, self.link = self.seq + 1, link
        return sealed
