"""The intake's one path for every message, however it arrived: store, record, decide, submit, answer.

Order of work, each step idempotent so a crash anywhere is repaired by doing the message again:
1. store the raw bytes (content-addressed) and record `IntakeMailReceived`: from here it is never lost;
2. decide (`decide.py`); a refusal is recorded as `IntakeMailQuarantined`;
3. submit through the obligation's workflow, the same update as `eci submit`, with an update id made from
   the message's hash and the reply in the event's metadata; a submission found already recorded with
   this message's hash counts as done, so a redo never submits twice;
4. record the outcome, then send the receipt through the outbox (once, by its Message-ID).
A message whose processing was cut short stays without an outcome and `resume()` finishes it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_context

from config.settings import Settings
from domain.documents import StoredFile, SubmittedDocument
from domain.eventing.metadata import MailOrigin
from domain.identity.users import INTAKE
from domain.intake.events import (
    IntakeChannel,
    IntakeMailDuplicate,
    IntakeMailQuarantined,
    IntakeMailReceived,
    IntakeMailSubmitted,
    IntakeReceiptSent,
    QuarantineReason,
    intake_stream,
)
from domain.intake.record import MailRecord
from domain.moscow import today_in_moscow
from eci.errors import EciError
from eci.identity.principal import Principal, signed_in
from eci.intake.decide import DocumentsPlan, FormPlan, Plan, contacts_by_address, decide, participants_of
from eci.intake.incoming import IncomingMail, RefusedMail, parse_incoming, sender_of
from eci.intake.ledger import IntakeLedger
from eci.intake.receipts import ReceiptView, send_receipt
from eci.intake.submission import already_submitted, submit_documents, submit_form_file
from notifications.intake_keys import IntakeKeys, load_intake_keys
from notifications.stack import MailStack
from store.contacts import list_contacts
from store.document_db import DatabaseDocuments
from store.event_store import EventStore

log = logging.getLogger("eci.intake")
RAW_MEDIA_TYPE = "message/rfc822"
CONTACTS_TTL_S = 30.0
POOL_FROM_BYTES = 200_000  # smaller messages parse faster than a trip to a worker process


@dataclass(frozen=True)
class Admitted:
    """A stored, recorded message and what its reading gave (mail, or why it cannot be read)."""

    sha256: str
    mail: IncomingMail | None
    refused: RefusedMail | None


class Intake:
    """One process's intake: its store, keys and mail connections (`aclose()` releases them)."""

    def __init__(self, settings: Settings, mail: MailStack | None = None) -> None:
        if not settings.intake_address:
            raise ValueError("ECI_INTAKE_ADDRESS is not set: the intake has no address to receive at")
        self.settings = settings
        self.address = settings.intake_address
        self.keys: IntakeKeys = load_intake_keys(settings.intake_secret, settings.intake_key_file)
        self.mail = mail or MailStack.from_settings(settings)
        self.store: EventStore = self.mail.store
        self.ledger = IntakeLedger(self.store)
        self.files = DatabaseDocuments(self.store.engine, settings.documents_dir)
        self._contacts_cache: tuple[float, dict[str, frozenset[str]]] | None = None
        self._message_ids: dict[str, str] | None = None  # Message-ID → SHA-256 of the first message
        self._locks: dict[str, asyncio.Lock] = {}
        self._active: set[str] = set()  # messages being finished now (resume leaves them alone)
        self._pool: ProcessPoolExecutor | None = None
        self._principal: Principal | None = None

    def principal(self) -> Principal:
        """Who the intake signs its submissions as: its OS user, who must hold the role `intake`."""
        if self._principal is None:
            principal = signed_in(self.settings, self.store)
            if not principal.user.holds(INTAKE):
                raise EciError(f"{principal.login} does not hold the role intake: the intake cannot sign")
            self._principal = principal
        return self._principal

    def use_parser_processes(self, workers: int) -> None:
        """Parse large messages in `workers` child processes (the listener does; a one-off run need not)."""
        if workers > 0 and self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))

    async def aclose(self) -> None:
        """Release the mail connections, the parser processes and the store."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        await self.mail.aclose()

    def _contacts(self) -> dict[str, frozenset[str]]:
        # Kept for half a minute: a burst of replies looks every sender up, an import changes them rarely.
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
        self, raw: bytes, envelope_to: Sequence[str] = (), channel: IntakeChannel = IntakeChannel.SMTP
    ) -> MailRecord:
        """Take one message; the same bytes again change nothing."""
        return await self.finish(await self.admit(raw, envelope_to, channel))

    async def admit(
        self, raw: bytes, envelope_to: Sequence[str] = (), channel: IntakeChannel = IntakeChannel.SMTP
    ) -> Admitted:
        """Store the message and record its arrival: once this returns, the message cannot be lost."""
        sha = self.files.put(raw, "message.eml", RAW_MEDIA_TYPE).sha256
        known = self.ledger.get(sha)
        if known is not None and known.outcome is not None:
            return Admitted(sha, None, None)  # a decided message: only its receipt may be owed
        try:
            mail = await self._parse(raw, envelope_to)
        except RefusedMail as refused:
            self._received_unreadable(sha, len(raw), raw, channel)
            return Admitted(sha, None, refused)
        received = IntakeMailReceived(
            obligation_id=intake_stream(sha),
            message_id=mail.message_id,
            sha256=sha,
            size=mail.size,
            sender=mail.sender,
            channel=channel,
            verdicts=mail.verdicts,
        )
        self.ledger.record(sha, "received", received)
        return Admitted(sha, mail, None)

    async def _parse(self, raw: bytes, envelope_to: Sequence[str]) -> IncomingMail:
        """Read the MIME structure in a worker process: a megabyte of base64 costs the parser tens of
        milliseconds of CPU, which in this process would stall every other message and the updates."""
        limit = self.settings.intake_max_bytes
        if self._pool is None or len(raw) < POOL_FROM_BYTES:
            return parse_incoming(raw, envelope_to, max_bytes=limit)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._pool, partial(parse_incoming, raw, tuple(envelope_to), max_bytes=limit)
        )

    async def finish(self, admitted: Admitted) -> MailRecord:
        """Decide, submit, record the outcome and answer (each step skipped when already done)."""
        sha = admitted.sha256
        self._active.add(sha)
        try:
            if admitted.refused is not None:
                self._quarantine(sha, admitted.refused, None)
            elif admitted.mail is not None:
                await self._process(admitted.mail)
            record = self.ledger.get(sha)
            assert record is not None
            await self._answer(record)
            return self.ledger.get(sha) or record
        finally:
            self._active.discard(sha)

    async def resume(self) -> int:
        """Finish every message whose processing a crash cut short; how many there were."""
        done = 0
        for record in self.ledger.unfinished() + [r for r in self.ledger.all() if self._owes_receipt(r)]:
            if record.sha256 in self._active:
                continue
            raw = self.files.read(record.sha256)
            await self.receive(raw)
            done += 1
        return done

    def _received_unreadable(self, sha: str, size: int, raw: bytes, channel: IntakeChannel) -> None:
        event = IntakeMailReceived(
            obligation_id=intake_stream(sha),
            message_id=f"<нечитаемое.{sha[:16]}>",
            sha256=sha,
            size=size,
            sender=sender_of(raw) or "",
            channel=channel,
        )
        self.ledger.record(sha, "received", event)

    async def _process(self, mail: IncomingMail) -> None:
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
            plan = decide(
                mail,
                intake_address=self.address,
                keys=self.keys.accepted,
                contacts=self._contacts(),
                require_dkim=self.settings.intake_require_dkim,
            )
            # Replies to one obligation take turns: the second sees the first's submission.
            async with self._locks.setdefault(str(plan.obligation), asyncio.Lock()):
                await self._submit(mail, plan)
        except RefusedMail as refused:
            self._quarantine(sha, refused, _obligation_of(refused, mail, self))

    async def _submit(self, mail: IncomingMail, plan: Plan) -> None:
        origin = MailOrigin(sender=mail.sender, message_id=mail.message_id, sha256=mail.sha256)
        oid = plan.obligation
        found = already_submitted(self.store, oid, mail.sha256, form=isinstance(plan, FormPlan))
        if found is not None:
            obligations, files = found
            form = isinstance(plan, FormPlan)
        elif isinstance(plan, DocumentsPlan):
            files = tuple(self.files.put(a.data, a.filename, a.kind.media_type) for a in plan.files)
            documents = tuple(SubmittedDocument(details=plan.details.details, file=f) for f in files)
            await submit_documents(
                self.settings, oid, documents, plan.details.milestone, origin, self.principal()
            )
            obligations, form = (str(oid),), False
        else:
            stored = self.files.put(plan.form.data, plan.form.filename, plan.form.kind.media_type)
            obligations = await submit_form_file(self.settings, oid, plan.form, origin, self.principal())
            files, form = (stored,), True
        event = IntakeMailSubmitted(
            obligation_id=intake_stream(mail.sha256), obligations=obligations, files=files, form=form
        )
        self.ledger.record(mail.sha256, "outcome", event)

    def _quarantine(self, sha: str, refused: RefusedMail, obligation: str | None) -> None:
        event = IntakeMailQuarantined(
            obligation_id=intake_stream(sha),
            code=refused.code,
            reason=refused.reason[:500],
            obligation=obligation,
        )
        self.ledger.record(sha, "outcome", event)
        log.info("intake: message %s quarantined: %s", sha[:12], refused.code.value)

    def _answers(self, record: MailRecord) -> bool:
        """Whether the sender is told: never a stranger (or the intake would be a spam relay)."""
        if not record.sender or record.outcome is None:
            return False
        if (
            record.code is QuarantineReason.UNKNOWN_SENDER
            or record.reason
            and record.reason.startswith("повтор")
        ):
            return False
        return bool(participants_of(record.sender, self._contacts()))

    def _owes_receipt(self, record: MailRecord) -> bool:
        return record.outcome is not None and not record.receipt_sent and self._answers(record)

    async def _answer(self, record: MailRecord) -> None:
        if not self._owes_receipt(record):
            return
        accepted = record.outcome is not None and record.outcome.value in ("submitted", "form_submitted")
        view = ReceiptView(
            accepted=accepted,
            message_id=record.message_id,
            short_id=record.short_id,
            obligations=record.obligations,
            files=record.files,
            reason=record.reason,
            obligation=record.obligation,
        )
        receipt = await send_receipt(self.mail, record.sha256, record.sender, view)

        event = IntakeReceiptSent(
            obligation_id=intake_stream(record.sha256),
            receipt_message_id=receipt,
            sent_on=today_in_moscow(),
        )
        self.ledger.record(record.sha256, "receipt", event)


def _obligation_of(refused: RefusedMail, mail: IncomingMail, intake: Intake) -> str | None:
    """The obligation a refused reply was about, where its token verified (for the coordinator's view)."""
    if refused.code in (
        QuarantineReason.NO_TOKEN,
        QuarantineReason.BAD_TOKEN,
        QuarantineReason.UNKNOWN_SENDER,
    ):
        return None
    from domain.intake.token import read_token, token_of

    for address in mail.recipients:
        token = token_of(address, intake.address)
        if token:
            try:
                return str(read_token(token, mail.sender, intake.keys.accepted))
            except ValueError:
                return None
    return None


__all__ = ["Intake", "StoredFile"]
