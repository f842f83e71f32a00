"""The notifier: turns a `NoticeRequest` into a recorded, then delivered, message (or a queued escalation).

Order of work for one notice: look the Message-ID up in the outbox (a retry finds its row and resends the
stored bytes or just answers); otherwise render, record, send, mark. Participants without a usable address
and escalations are queued for the coordinator's digest instead of being sent one by one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Sequence
from email.headerregistry import Address

from domain.errors import DomainError
from domain.intake.token import can_carry_token, make_token, reply_address
from domain.moscow import moscow_date
from domain.obligation.id import ObligationId
from domain.obligation.notices import NoticeKind, NoticeRequest, NoticeResult
from notifications.config import MailConfig
from notifications.contacts import ContactBook, Recipient, addressees
from notifications.context import notice_context
from notifications.dispatch import Delivery, Dispatcher, Outcome, utcnow
from notifications.failures import Failure, FailureLog
from notifications.log_proofs import LogProof, LogProofs
from notifications.message import (
    Attachment,
    Envelope,
    Rendered,
    build_message,
    message_id_for,
    parse_address,
)
from notifications.outbox import Outbox, OutboxEntry, OutboxStatus
from notifications.render import render

SENDER_NAME = "Мониторинг плана ранней помощи"
COORDINATOR_NAME = "Федеральный координатор"
INTAKE_NAME = "Приём документов плана ранней помощи"


class DeliveryPending(Exception):
    """The server kept answering 4xx (or was unreachable): the message stays pending for a later retry."""


class Notifier:
    """Sends notices through the outbox; every public method is safe to call again with the same input."""

    def __init__(
        self,
        config: MailConfig,
        outbox: Outbox,
        dispatcher: Dispatcher,
        contacts: ContactBook,
        failures: FailureLog,
        clock: Callable[[], dt.datetime] = utcnow,
        proofs: LogProofs | None = None,
    ) -> None:
        self.config = config
        self.outbox = outbox
        self.dispatcher = dispatcher
        self.contacts = contacts
        self.failures = failures
        self.clock = clock
        self.proofs = proofs  # log receipts for accepted and returned notices

    def message_id(self, obligation_id: str, step: str) -> str:
        """The Message-ID of one step of one obligation."""
        return message_id_for(obligation_id, step, self.config.mail_domain)

    async def send_notice(self, request: NoticeRequest) -> NoticeResult:
        """Record and deliver one notice; raises DeliveryPending when the server should be tried later."""
        message_id = self.message_id(request.obligation_id, request.step)
        # One trip to a thread for lookup and preparation: each trip costs the event loop a wake-up,
        # which at hundreds of notices a second was a measurable share of the path.
        entries = await asyncio.to_thread(self._existing_or_prepared, request, message_id)
        if len(entries) == 1:
            return await self._settle(entries[0])
        return await self._settle_each(entries)

    async def _settle_each(self, entries: Sequence[OutboxEntry]) -> NoticeResult:
        """One message per recipient (each with its own reply token): all are tried before a retry."""
        results: list[NoticeResult] = []
        pending: DeliveryPending | None = None
        for entry in entries:
            try:
                results.append(await self._settle(entry))
            except DeliveryPending as exc:
                pending = exc
        if pending is not None:
            raise pending  # the retry finds the sent ones marked and sends only the rest
        return NoticeResult(
            message_ids=tuple(m for r in results for m in r.message_ids),
            failed=any(r.failed for r in results),
            no_contact=any(r.no_contact for r in results),
        )

    def _existing_or_prepared(self, request: NoticeRequest, message_id: str) -> list[OutboxEntry]:
        entry = self.outbox.get(message_id)
        if entry is None:
            return self._prepare(request, message_id)
        if self.reply_by_mail(request.obligation_id):
            siblings = [
                e for e in self.outbox.for_obligation(request.obligation_id) if e.step == request.step
            ]
            return sorted(siblings, key=lambda e: e.message_id != message_id)
        return [entry]

    def reply_by_mail(self, obligation_id: str) -> bool:
        """Whether mail about this obligation carries reply tokens (an intake is set; a region's)."""
        return bool(self.config.intake_address and self.config.intake_key) and can_carry_token(
            ObligationId.parse(obligation_id)
        )

    def _prepare(self, request: NoticeRequest, message_id: str) -> list[OutboxEntry]:
        now = self.clock()
        if request.kind is NoticeKind.WEEKLY_DIGEST:
            raise DomainError(
                "еженедельную сводку рассылает задача сводок, а не уведомление по обязательству",
                "digest_not_a_notice",
            )
        if request.kind is NoticeKind.ESCALATION:
            return [self.outbox.record(self._queued(request, message_id, now, None))]
        oid = request.obligation_id
        found = addressees(self.contacts, ObligationId.parse(oid).participant)
        for address in found.invalid:
            self.record_failure(oid, message_id, f"invalid address {address!r}", f"invalid:{address}")
        if not found.valid:
            entry = self.outbox.record(self._queued(request, message_id, now, "no contact"))
            self.record_failure(oid, message_id, "no email contact for the participant", "no-contact")
            return [entry]
        by_mail = self.reply_by_mail(oid)
        context = notice_context(
            request, self.config.coordinator_email, moscow_day(now), reply_by_mail=by_mail
        )
        proof = self.proofs.for_notice(request) if self.proofs is not None else None
        rendered = render(request.kind.value, n=context, proof=proof)
        attached = _attachments(proof)
        if not by_mail:
            entry = self.pending_entry(request, message_id, found.valid, rendered, now, attachments=attached)
            return [self.outbox.record(entry)]
        return self._per_recipient(request, message_id, found.valid, rendered, now, attached)

    def _per_recipient(
        self,
        request: NoticeRequest,
        message_id: str,
        recipients: Sequence[Recipient],
        rendered: Rendered,
        now: dt.datetime,
        attachments: Sequence[Attachment] = (),
    ) -> list[OutboxEntry]:
        """A message per recipient, each replying to its own token (a token proves one mailbox only)."""
        assert self.config.intake_address
        assert self.config.intake_key
        oid = ObligationId.parse(request.obligation_id)
        entries: list[OutboxEntry] = []
        # The first recipient's message keeps the notice's own Message-ID and is recorded last: a retry
        # that finds it knows every sibling was recorded before it.
        for n in reversed(range(len(recipients))):
            recipient = recipients[n]
            mid = message_id if n == 0 else self.message_id(request.obligation_id, f"{request.step}~{n}")
            token = make_token(oid, recipient.email, self.config.intake_key)
            reply = parse_address(reply_address(self.config.intake_address, token), INTAKE_NAME)
            entry = self.pending_entry(
                request, mid, [recipient], rendered, now, reply_to=reply, attachments=attachments
            )
            entries.append(self.outbox.record(entry))
        return entries[::-1]

    def pending_entry(
        self,
        request: NoticeRequest,
        message_id: str,
        recipients: Sequence[Recipient],
        rendered: Rendered,
        now: dt.datetime,
        reply_to: Address | None = None,
        attachments: Sequence[Attachment] = (),
    ) -> OutboxEntry:
        """The outbox row of a rendered notice, holding the exact bytes to send."""
        return self.message_entry(
            obligation_id=request.obligation_id,
            step=request.step,
            kind=request.kind.value,
            message_id=message_id,
            to=[parse_address(r.email, r.name) for r in recipients],
            rendered=rendered,
            now=now,
            days=request.days,
            reply_to=reply_to,
            attachments=attachments,
        )

    def message_entry(
        self,
        *,
        obligation_id: str,
        step: str,
        kind: str,
        message_id: str,
        to: Sequence[Address],
        rendered: Rendered,
        now: dt.datetime,
        days: int | None = None,
        reply_to: Address | None = None,
        in_reply_to: str | None = None,
        attachments: Sequence[Attachment] = (),
    ) -> OutboxEntry:
        """A pending outbox row holding the message's exact bytes (replies to the coordinator by default)."""
        envelope = Envelope(
            sender=parse_address(self.dispatcher.envelope_from, SENDER_NAME),
            recipients=tuple(to),
            reply_to=reply_to or parse_address(self.config.coordinator_email, COORDINATOR_NAME),
            message_id=message_id,
            obligation_id=obligation_id,
            step=step,
            kind=kind,
            in_reply_to=in_reply_to,
        )
        raw = build_message(envelope, rendered, now, attachments)
        return OutboxEntry(
            message_id=message_id,
            obligation_id=obligation_id,
            step=step,
            kind=kind,
            status=OutboxStatus.PENDING,
            recipients=tuple(a.addr_spec for a in envelope.recipients),
            subject=rendered.subject,
            created_at=now,
            raw=raw,
            days=days,
        )

    def _queued(
        self, request: NoticeRequest, message_id: str, now: dt.datetime, error: str | None
    ) -> OutboxEntry:
        return OutboxEntry(
            message_id=message_id,
            obligation_id=request.obligation_id,
            step=request.step,
            kind=request.kind.value,
            status=OutboxStatus.QUEUED,
            recipients=(self.config.coordinator_email,),
            subject="",
            created_at=now,
            digest_key=ObligationId.parse(request.obligation_id).participant,
            days=request.days,
            request=request.model_dump_json(),
            last_error=error,
        )

    async def _settle(self, entry: OutboxEntry) -> NoticeResult:
        if entry.status in (OutboxStatus.QUEUED, OutboxStatus.DIGESTED):
            return NoticeResult(no_contact=entry.kind != NoticeKind.ESCALATION.value)
        delivery = await self.dispatcher.deliver(entry)
        if delivery.outcome is Outcome.SENT and not delivery.refused:
            return NoticeResult(message_ids=(entry.message_id,))  # nothing to record: no thread trip
        return await asyncio.to_thread(self._result, entry, delivery)

    def _result(self, entry: OutboxEntry, delivery: Delivery) -> NoticeResult:
        oid, mid = entry.obligation_id, entry.message_id
        for address, answer in delivery.refused.items():
            self.record_failure(oid, mid, f"{address}: {answer}", f"refused:{address}")
        if delivery.outcome is Outcome.SENT:
            return NoticeResult(message_ids=(entry.message_id,))
        if delivery.outcome is Outcome.FAILED:
            self.record_failure(oid, mid, delivery.error or "rejected", "rejected")
            return NoticeResult(message_ids=(entry.message_id,), failed=True)
        raise DeliveryPending(f"{entry.message_id}: {delivery.error}")

    def record_failure(self, obligation_id: str, message_id: str, reason: str, cause: str) -> None:
        """Record a NotificationFailed on the obligation (digests have none: their outbox row tells)."""
        if obligation_id.count("/") < 2 or not obligation_id[:4].isdigit():
            return  # digests belong to no obligation; their row in the outbox is the record
        self.failures.record(Failure(obligation_id, message_id, reason, cause), self.clock())


def _attachments(proof: LogProof | None) -> tuple[Attachment, ...]:
    return (proof.attachment,) if proof is not None else ()


def moscow_day(at: dt.datetime) -> dt.date:
    """The calendar day in Moscow at an instant."""
    return moscow_date(at)
