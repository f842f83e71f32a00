"""The checkpoint activity: sign a checkpoint of the log for its witnesses and mail it to them.

Idempotent: a checkpoint is signed only when the log grew since the last one handed to witnesses, and
the mail's Message-ID derives from the checkpoint, so a retry sends nothing twice.
"""

from __future__ import annotations

import asyncio
from typing import Any

from temporalio import activity

from activities.notify import NoticeActivities
from config.settings import Settings
from notifications.witness_mail import mail_witnesses, witness_checkpoint
from workflows.names import SIGN_CHECKPOINT_ACTIVITY


class CheckpointActivities:
    """Shares the mail side's connections (store, outbox, SMTP) with the notice activities."""

    def __init__(self, settings: Settings, notices: NoticeActivities) -> None:
        self._settings = settings
        self._notices = notices

    @activity.defn(name=SIGN_CHECKPOINT_ACTIVITY)
    async def sign_checkpoint(self) -> dict[str, Any]:
        """Sign (if the log grew) and mail the witnesses' checkpoint; its size and the Message-ID."""
        stack = await self._notices.stack()
        key_file = self._settings.effective_log_key_file
        point = await asyncio.to_thread(witness_checkpoint, stack.store, key_file, fresh=False)
        if point is None:
            return {"size": 0, "message_id": None}
        message_id = await mail_witnesses(stack.notifier, point, self._settings.witnesses)
        return {"size": point.checkpoint.size, "message_id": message_id}
