"""The log receipt a message carries: `kvitanciya-….json`, built when the message is rendered.

Mail is rendered once, in the activity (or the intake) that sends it, and the outbox keeps the bytes, so
the receipt is made there: the events it proves are already recorded, and a checkpoint whose tree holds
them is the newest one or, if none does yet, one signed on the spot. A receipt that cannot be made
(no log key, the event not found) leaves the message without one, logged; mail is never held for it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from domain.obligation.id import stream_of
from domain.obligation.notices import NoticeKind, NoticeRequest
from notifications.message import Attachment
from store.event_store import EventStore
from store.log_key import load_log_key
from store.log_receipts import VERIFIER_NAME, receipt, receipt_bytes

log = logging.getLogger("eci.mail")
_DECISIONS = {NoticeKind.ACCEPTED: "SubmissionAccepted", NoticeKind.RETURNED: "SubmissionReturned"}
_NUMBERED = re.compile(r"-(\d+)$")


@dataclass(frozen=True)
class LogProof:
    """A receipt attachment and what the mail's footer says of it."""

    attachment: Attachment
    key_id: str
    checkpoint_size: int
    positions: tuple[int, ...]
    verifier: str = VERIFIER_NAME

    @property
    def filename(self) -> str:
        """The attachment's name."""
        return self.attachment.filename


def receipt_name(label: str) -> str:
    """`kvitanciya-2027-05-77.json` for obligation 2027/05/77 (any label made file-name safe)."""
    safe = re.sub(r"[^A-Za-z0-9]+", "-", label).strip("-")[:80] or "zhurnal"
    return f"kvitanciya-{safe}.json"


class LogProofs:
    """Makes receipts from one store with the log key in `key_file`."""

    def __init__(self, store: EventStore, key_file: Path) -> None:
        self.store = store
        self.key_file = key_file

    def of_positions(self, label: str, positions: Sequence[int]) -> LogProof | None:
        """The receipt of these events, or None (logged) if it cannot be made."""
        if not positions:
            return None
        try:
            key = load_log_key(self.key_file)
            document = receipt(self.store.engine, self.store.dialect, key, positions)
        except Exception as exc:  # a receipt must never stop the message it rides on
            log.warning("no log receipt for %s: %s", label, exc)
            return None
        name = receipt_name(label)
        return LogProof(
            Attachment(name, "application/json", receipt_bytes(document)),
            key_id=document["checkpoint"]["key_id"],
            checkpoint_size=document["checkpoint"]["size"],
            positions=tuple(sorted(set(positions))),
        )

    def for_notice(self, request: NoticeRequest) -> LogProof | None:
        """An accepted or returned notice: the decision and the submission it decided."""
        decision_type = _DECISIONS.get(request.kind)
        if decision_type is None:
            return None
        events = self.store.read_stream(stream_of(request.obligation_id))
        decisions = [e for e in events if e.type == decision_type]
        if not decisions:
            log.warning("no %s recorded for %s: no log receipt", decision_type, request.obligation_id)
            return None
        numbered = _NUMBERED.search(request.step)
        n = int(numbered.group(1)) if numbered else len(decisions)
        decision = decisions[n - 1] if 0 < n <= len(decisions) else decisions[-1]
        submitted = [e for e in events if e.type == "DocumentSubmitted" and e.position < decision.position]
        positions = [decision.position] + ([submitted[-1].position] if submitted else [])
        return self.of_positions(request.obligation_id, positions)

    def for_mail(self, sha256: str, obligations: Sequence[str]) -> LogProof | None:
        """An intake receipt: the intake's records of the message and the submissions it made."""
        positions = [e.position for e in self.store.read_stream(f"intake/{sha256}")]
        for oid in obligations:
            for event in self.store.read_stream(stream_of(oid)):
                mail = event.metadata.mail
                if event.type == "DocumentSubmitted" and mail is not None and mail.sha256 == sha256:
                    positions.append(event.position)
        label = obligations[0] if len(obligations) == 1 else sha256[:12]
        return self.of_positions(label, positions)
