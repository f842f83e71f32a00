"""Periodic messages to the coordinator: escalation digests per participant and the weekly digest.

A digest is recorded together with the queued rows it carries (one transaction), then delivered like any
other outbox message; a crash after recording resends the same digest, and a row is never in two digests.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from domain.obligation.notices import DigestResult
from domain.obligation.status import ObligationStatus
from notifications.dispatch import Delivery, Outcome
from notifications.escalations import digest_step, digest_stream, escalation_digest
from notifications.message import parse_address
from notifications.outbox import OutboxEntry, OutboxStatus
from notifications.render import render
from notifications.service import COORDINATOR_NAME, Notifier, moscow_day
from notifications.weekly import weekly_digest

DIGEST_KINDS = ("escalation", "weekly_digest")
# escalations that fire together (a cycle's deadline passing) are batched: wait until a burst settles
DEFAULT_SETTLE = dt.timedelta(minutes=2)
# a notice still pending this long after it was recorded outlived its activity's retries (a long outage)
STALE_PENDING = dt.timedelta(minutes=15)


class DigestSender:
    """Builds and sends the coordinator's digests through the notifier's outbox."""

    def __init__(self, notifier: Notifier, settle: dt.timedelta = DEFAULT_SETTLE) -> None:
        self.notifier = notifier
        self.settle = settle

    async def send_escalation_digests(self, at: dt.datetime | None = None) -> DigestResult:
        """Group rows queued before `at` (settled) per participant into digests, record them, send them."""
        queued = await asyncio.to_thread(self.notifier.outbox.by_status, OutboxStatus.QUEUED)
        now = at or self.notifier.clock()
        groups: dict[str, list[OutboxEntry]] = defaultdict(list)
        for entry in queued:
            groups[entry.digest_key or entry.obligation_id].append(entry)
        waiting = 0
        for participant, entries in sorted(groups.items()):
            if max(e.created_at for e in entries) > now - self.settle:
                waiting += len(entries)
                continue
            await asyncio.to_thread(self._record_escalation_digest, participant, entries, now)
        return await self._deliver_pending(waiting, now)

    def _record_escalation_digest(
        self, participant: str, entries: Sequence[OutboxEntry], now: dt.datetime
    ) -> None:
        members = [e.message_id for e in entries]
        step = digest_step(members)
        stream = digest_stream(participant)
        rendered = render("escalation", d=escalation_digest(participant, entries, moscow_day(now)))
        entry = self.notifier.message_entry(
            obligation_id=stream,
            step=step,
            kind="escalation",
            message_id=self.notifier.message_id(stream, step),
            to=[parse_address(self.notifier.config.coordinator_email, COORDINATOR_NAME)],
            rendered=rendered,
            now=now,
        )
        self.notifier.outbox.record_digest(entry, members)

    async def send_weekly_digest(
        self,
        statuses: Sequence[ObligationStatus],
        without_contact: Sequence[str] = (),
        chain_head: str | None = None,
        at: dt.datetime | None = None,
    ) -> DigestResult:
        """Record and send the digest of the week before `at` (once per week, whatever the retries)."""
        now = at or self.notifier.clock()
        digest = weekly_digest(statuses, moscow_day(now), without_contact, chain_head)
        stream, step = f"weekly/{digest.week}", f"weekly-{digest.week}"
        message_id = self.notifier.message_id(stream, step)
        if await asyncio.to_thread(self.notifier.outbox.get, message_id) is None:
            entry = self.notifier.message_entry(
                obligation_id=stream,
                step=step,
                kind="weekly_digest",
                message_id=message_id,
                to=[parse_address(self.notifier.config.coordinator_email, COORDINATOR_NAME)],
                rendered=render("weekly_digest", w=digest),
                now=now,
            )
            await asyncio.to_thread(self.notifier.outbox.record, entry)
        return await self._deliver_pending(0, now)

    async def _deliver_pending(self, waiting: int, now: dt.datetime) -> DigestResult:
        """Send pending digests, and notices whose own retries gave up long ago (same bytes, same id)."""
        pending = await asyncio.to_thread(self.notifier.outbox.by_status, OutboxStatus.PENDING)
        deliveries: list[Delivery] = []
        for entry in pending:
            digest = entry.kind in DIGEST_KINDS and entry.obligation_id.startswith(("escalation/", "weekly/"))
            if digest or entry.created_at < now - STALE_PENDING:
                delivery = await self.notifier.dispatcher.deliver(entry)
                if delivery.outcome is Outcome.FAILED:
                    error = delivery.error or "rejected"
                    await asyncio.to_thread(
                        self.notifier.record_failure, entry.obligation_id, entry.message_id, error, "rejected"
                    )
                deliveries.append(delivery)
        return DigestResult(
            message_ids=tuple(d.message_id for d in deliveries if d.outcome is Outcome.SENT),
            failed=sum(d.outcome is Outcome.FAILED for d in deliveries),
            waiting=waiting + sum(d.outcome is Outcome.RETRY_LATER for d in deliveries),
        )
