"""The intake's one path for every message, however it arrived: store, record, decide, submit, answer.

Order of work, each step idempotent so a crash anywhere is repaired by doing the message again:
1. store the raw bytes (content-addressed) and record `IntakeMailReceived` with the SMTP envelope: from
   here it is never lost;
2. read it in a parser process (`parser_pool.py`: bounded memory and time); decide (`decide.py`);
   a refusal is recorded as `IntakeMailQuarantined`;
3. submit through the obligation's workflow, the same update as `eci submit`, with an update id made from
   the message's hash and the reply in the event's metadata; a submission found already recorded with
   this message's hash counts as done, so a redo never submits twice;
4. record the outcome, then send the receipt through the outbox (once, by its Message-ID).
A message whose processing was cut short stays without an outcome and `resume()` finishes it. An attempt
that fails (the parser crashed, was killed at its timeout or ran out of memory, or an unexpected error)
is recorded; after `intake_max_attempts` of them the message is quarantined and retried no more
(`attempts.py`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from config.settings import Settings
from domain.documents import StoredFile
from domain.identity.users import INTAKE
from domain.intake.events import (
    FailureCause,
    IntakeChannel,
    IntakeMailDuplicate,
    IntakeMailQuarantined,
    IntakeMailReceived,
    MailEnvelope,
    MailVerdicts,
    intake_stream,
)
from domain.intake.record import MailRecord
from domain.moscow import today_in_moscow
from eci.errors import EciError
from eci.identity.principal import Principal, signed_in
from eci.intake.attempts import Attempts
from eci.intake.carry_out import carry_out, refused_obligation
from eci.intake.decide import contacts_by_address, decide
from eci.intake.incoming import (
    IncomingMail,
    RefusedMail,
    check_size,
    message_id_of,
    parse_incoming,
    sender_of,
)
from eci.intake.ledger import IntakeLedger
from eci.intake.limits import ParseLimits
from eci.intake.parser_pool import ParseFailure, ParserPool
from eci.intake.replies import Replies
from eci.intake.sender_auth import SenderFacts
from eci.intake.sender_check import SenderCheck
from notifications.intake_keys import IntakeKeys, load_intake_keys
from notifications.stack import MailStack
from store.contacts import list_contacts
from store.document_db import DatabaseDocuments
from store.event_store import EventStore

log = logging.getLogger("eci.intake")
RAW_MEDIA_TYPE = "message/rfc822"
CONTACTS_TTL_S = 30.0


@dataclass(frozen=True)
class Admitted:
    """A stored, recorded message and what its reading gave: mail, why it cannot be read, or neither
    (the parse failed, or the message was decided before)."""

    sha256: str
    mail: IncomingMail | None
    refused: RefusedMail | None
    failed: FailureCause | None = None
    sender: SenderFacts | None = None  # what the sender check established (None: nothing checked)


class Intake:
    """One process's intake: its store, keys and mail connections (`aclose()` releases them)."""

    def __init__(self, settings: Settings, mail: MailStack | None = None) -> None:
        if not settings.intake_address:
            raise ValueError("ECI_INTAKE_ADDRESS is not set: the intake has no address to receive at")
        self.settings = settings
        self.address = settings.intake_address
        self.limits = ParseLimits.of(settings)
        self.keys: IntakeKeys = load_intake_keys(settings.intake_secret, settings.intake_key_file)
        self.mail = mail or MailStack.from_settings(settings)
        self.store: EventStore = self.mail.store
        if self.store.sealer is None:
            # What the intake records (and a failed receipt's record) is sealed by the key of the user
            # it runs as; a user the tracker does not know records nothing.
            self.store.sealer = signed_in(settings, self.store).sealer()
        self.ledger = IntakeLedger(self.store)
        self.files = DatabaseDocuments(self.store.engine, settings.documents_dir)
        self.attempts = Attempts(self)
        self.replies = Replies(self)
        self.sender_check = SenderCheck(settings)
        self._contacts_cache: tuple[float, dict[str, frozenset[str]]] | None = None
        self._message_ids: dict[str, str] | None = None  # Message-ID → SHA-256 of the first message
        self._locks: dict[str, asyncio.Lock] = {}
        self.active: set[str] = set()  # messages being finished now (resume leaves them alone)
        self.pool: ParserPool | None = None
        self._principal: Principal | None = None

    def principal(self) -> Principal:
        """Who the intake signs its submissions as: its OS user, who must hold the role `intake`."""
        if self._principal is None:
            principal = signed_in(self.settings, self.store)
            if not principal.user.holds(INTAKE):
                raise EciError(
                    f"у пользователя «{principal.login}» нет роли «intake» (приём почты): "
                    "приём не может подписывать записи",
                    code="role_not_held",
                )
            self._principal = principal
        return self._principal

    def use_parser_processes(self, workers: int | None = None, *, target: str | None = None) -> None:
        """Read messages in child processes with a memory limit and a timeout (the listener and the
        mailbox poller do; a one-off run may read in its own process). `target`: the parse function,
        `module:name` (the intake's own by default)."""
        if self.pool is None:
            s = self.settings
            self.pool = ParserPool(
                workers or s.intake_parser_processes, timeout=s.intake_parse_timeout_seconds,
                memory_mb=s.intake_parse_memory_mb, **({"target": target} if target else {}),
            )  # fmt: skip

    async def aclose(self) -> None:
        """Release the mail connections, the parser processes and the store."""
        if self.pool is not None:
            await asyncio.to_thread(self.pool.close)
        await self.mail.aclose()

    def contacts(self) -> dict[str, frozenset[str]]:
        """Each registered address's participants (kept for half a minute: a burst of replies looks every
        sender up, an import changes them rarely)."""
        now = time.monotonic()
        if self._contacts_cache is None or now - self._contacts_cache[0] > CONTACTS_TTL_S:
            found = contacts_by_address([(c.participant, c.email) for c in list_contacts(self.store)])
            self._contacts_cache = (now, found)
        return self._contacts_cache[1]

    def _first_with(self, message_id: str, sha: str) -> str | None:
        """The SHA-256 of an earlier, different message with this Message-ID."""
        if self._message_ids is None:  # read once; then kept current by this intake's own receipts
            self._message_ids = {}
            for record in self.ledger.all():
                self._message_ids.setdefault(record.message_id, record.sha256)
        first = self._message_ids.setdefault(message_id, sha)
        return first if first != sha else None

    async def receive(
        self,
        raw: bytes,
        envelope_to: Sequence[str] = (),
        channel: IntakeChannel = IntakeChannel.SMTP,
        envelope: MailEnvelope | None = None,
    ) -> MailRecord:
        """Take one message; the same bytes again change nothing."""
        return await self.finish(await self.admit(raw, envelope_to, channel, envelope))

    async def admit(
        self,
        raw: bytes,
        envelope_to: Sequence[str] = (),
        channel: IntakeChannel = IntakeChannel.SMTP,
        envelope: MailEnvelope | None = None,
    ) -> Admitted:
        """Store the message and record its arrival: once this returns, the message cannot be lost."""
        sha = self.files.put(raw, "message.eml", RAW_MEDIA_TYPE).sha256
        self.active.add(sha)  # from here until `finish` ends, resume() leaves it to this attempt
        try:
            return await self._admit(sha, raw, envelope_to, channel, envelope)
        except BaseException:
            self.active.discard(sha)
            raise

    async def _admit(
        self,
        sha: str,
        raw: bytes,
        envelope_to: Sequence[str],
        channel: IntakeChannel,
        envelope: MailEnvelope | None,
    ) -> Admitted:
        known = self.ledger.get(sha)
        if known is not None and known.outcome is not None:
            return Admitted(sha, None, None)  # a decided message: only its receipt may be owed
        parsed = await self.parse(raw, envelope_to)
        if isinstance(parsed, IncomingMail):
            facts = await self.sender_check.facts(raw, parsed, envelope, self.contacts())
            received = IntakeMailReceived(
                obligation_id=intake_stream(sha), message_id=parsed.message_id, sha256=sha,
                size=parsed.size, sender=parsed.sender, channel=channel, envelope=envelope,
                verdicts=facts.verdicts() if facts else MailVerdicts(),
            )  # fmt: skip
            self.ledger.record(sha, "received", received)
            self.replies.remember(parsed)
            return Admitted(sha, parsed, None, sender=facts)
        message_id = message_id_of(raw) or f"<без-идентификатора.{sha[:16]}>"
        event = IntakeMailReceived(
            obligation_id=intake_stream(sha), message_id=message_id, sha256=sha, size=len(raw),
            sender=sender_of(raw) or "", channel=channel, envelope=envelope,
        )  # fmt: skip
        self.ledger.record(sha, "received", event)
        if isinstance(parsed, ParseFailure):
            return Admitted(sha, None, None, parsed.cause)
        return Admitted(sha, None, parsed)

    async def parse(
        self, raw: bytes, envelope_to: Sequence[str]
    ) -> IncomingMail | RefusedMail | ParseFailure:
        """Read the message: in a parser process when the intake has them (a hostile message costs that
        process only), else here; never raises for anything the message holds."""
        try:
            check_size(raw, self.limits)
            if self.pool is None:
                return parse_incoming(raw, tuple(envelope_to), self.limits)
        except RefusedMail as refused:
            return refused
        result: IncomingMail | RefusedMail | ParseFailure = await self.pool.parse(
            raw, envelope_to, self.limits
        )
        return result

    async def finish(self, admitted: Admitted) -> MailRecord:
        """Decide, submit, record the outcome and answer (each step skipped when already done)."""
        sha = admitted.sha256
        self.active.add(sha)
        try:
            if admitted.refused is not None:
                self.quarantine(sha, admitted.refused, None)
            elif admitted.failed is not None:
                self.attempts.failed(sha, admitted.failed)
            elif admitted.mail is not None:
                await self.attempts.guarded(sha, self._process(admitted.mail, admitted.sender))
            record = self.ledger.get(sha)
            assert record is not None
            await self.replies.answer(record)
            return self.ledger.get(sha) or record
        finally:
            self.active.discard(sha)

    async def resume(self) -> int:
        """Finish every message whose processing was cut short or failed; how many were taken up."""
        return await self.attempts.resume()

    async def _process(self, mail: IncomingMail, facts: SenderFacts | None) -> None:
        sha = mail.sha256
        record = self.ledger.get(sha)
        if record is not None and record.outcome is not None:
            return
        first = self._first_with(mail.message_id, sha)
        if first is not None and not mail.message_id.startswith("<без-идентификатора"):
            event = IntakeMailDuplicate(obligation_id=intake_stream(sha), first=intake_stream(first))
            self.ledger.record(sha, "outcome", event)
            return
        try:
            vouched = self.sender_check.vouches(facts, mail)
            plan = decide(
                mail, intake_address=self.address, keys=self.keys.accepted, contacts=self.contacts(),
                vouched=vouched,
            )  # fmt: skip
            # Replies to one obligation take turns: the second sees the first's submission.
            async with self._locks.setdefault(str(plan.obligation), asyncio.Lock()):
                await carry_out(self, mail, plan)
        except RefusedMail as refused:
            self.quarantine(sha, refused, refused_obligation(refused, mail, self))

    def quarantine(self, sha: str, refused: RefusedMail, obligation: str | None) -> None:
        """Hold the message for the coordinator with the reason its sender reads."""
        event = IntakeMailQuarantined(
            obligation_id=intake_stream(sha),
            code=refused.code,
            reason=refused.reason[:500],
            obligation=obligation,
        )
        self.ledger.record(sha, "outcome", event)
        log.info("intake: message %s quarantined: %s", sha[:12], refused.code.value)

    def today(self) -> dt.date:
        """Moscow's date."""
        return today_in_moscow()


__all__ = ["Admitted", "Intake", "StoredFile"]
