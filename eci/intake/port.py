"""What the intake's helpers (attempts, receipts, extension requests, carrying out a plan) use of the
intake: a protocol, so that they need not import the pipeline that composes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

from config.settings import Settings
from domain.intake.events import IntakeChannel, MailEnvelope
from domain.intake.record import MailRecord
from eci.identity.principal import Principal
from eci.intake.ledger import IntakeLedger
from eci.intake.limits import ParseLimits
from eci.intake.refusal import RefusedMail
from notifications.intake_keys import IntakeKeys
from notifications.stack import MailStack
from store.document_db import DatabaseDocuments
from store.event_store import EventStore


class IntakePort(Protocol):
    """The intake as its helpers see it (`eci.intake.pipeline.Intake`)."""

    settings: Settings
    address: str
    keys: IntakeKeys
    store: EventStore
    ledger: IntakeLedger
    files: DatabaseDocuments
    mail: MailStack
    limits: ParseLimits
    active: set[str]
    replies: Any  # eci.intake.replies.Replies

    def principal(self) -> Principal:
        """Who the intake signs its submissions as."""
        ...

    def contacts(self) -> dict[str, frozenset[str]]:
        """Each registered address's participants."""
        ...

    def quarantine(self, sha: str, refused: RefusedMail, obligation: str | None) -> None:
        """Hold the message for the coordinator."""
        ...

    async def receive(
        self,
        raw: bytes,
        envelope_to: Sequence[str] = (),
        channel: IntakeChannel = IntakeChannel.SMTP,
        envelope: MailEnvelope | None = None,
    ) -> MailRecord:
        """Take one message."""
        ...

    def today(self) -> dt.date:
        """Moscow's date."""
        ...
