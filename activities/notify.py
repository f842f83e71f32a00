"""Mail activities: `send_notice` for obligation workflows, and the coordinator's digests.

Each is idempotent: the Message-ID derives from the obligation and the step, and the outbox answers a
repeated call from what it recorded, resending the stored bytes only if the server never confirmed them.
"""

from __future__ import annotations

import asyncio

from temporalio import activity
from temporalio.exceptions import ApplicationError

from config.settings import Settings
from domain.errors import DomainError
from domain.obligation.notices import DigestKind, DigestRequest, DigestResult, NoticeRequest, NoticeResult
from notifications.contacts import participants_without_contact
from notifications.service import DeliveryPending
from notifications.stack import MailStack
from store.projections import list_statuses
from workflows.names import DIGEST_ACTIVITY, NOTICE_ACTIVITY


class NoticeActivities:
    """The mail side of a worker; connections open on first use and close with the worker."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._stack: MailStack | None = None
        self._lock = asyncio.Lock()

    async def stack(self) -> MailStack:
        """The worker's mail stack (store, outbox, SMTP connection)."""
        async with self._lock:
            if self._stack is None:
                self._stack = await asyncio.to_thread(MailStack.from_settings, self._settings)
            return self._stack

    @activity.defn(name=NOTICE_ACTIVITY)
    async def send_notice(self, request: NoticeRequest) -> NoticeResult:
        """Send one notice (or queue it for the coordinator's digest); retried while the server defers."""
        stack = await self.stack()
        try:
            return await stack.notifier.send_notice(request)
        except DeliveryPending as exc:
            raise ApplicationError(str(exc), type="DeliveryPending") from exc
        except DomainError as exc:
            raise ApplicationError(str(exc), type="DomainError", non_retryable=True) from exc

    @activity.defn(name=DIGEST_ACTIVITY)
    async def send_digest(self, request: DigestRequest) -> DigestResult:
        """Send the escalation digests that settled, or the weekly digest."""
        stack = await self.stack()
        if request.kind is DigestKind.ESCALATIONS:
            return await stack.digests.send_escalation_digests(request.at)
        statuses = await asyncio.to_thread(list_statuses, stack.store)
        participants = sorted({s.participant for s in statuses})
        missing = await asyncio.to_thread(participants_without_contact, stack.store, participants)
        head = await asyncio.to_thread(stack.store.head)
        chain_head = f"{head[0]}:{head[1]}" if head else None
        return await stack.digests.send_weekly_digest(statuses, missing, chain_head, request.at)

    def close(self) -> None:
        """Release the store; the SMTP connection closes with the worker's event loop."""
        if self._stack is not None:
            self._stack.store.close()
            self._stack = None
