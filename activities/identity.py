"""The signer check: the key that signed an update is registered to its login, not revoked at the time
of signing, and the login holds the role acted in. Run by the workflow (as a local activity) after its
validator checked the signature itself; the answer is recorded in the workflow's history, so replay
reads it from there and the workflow stays deterministic however the users change later.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping

from temporalio import activity
from temporalio.exceptions import ApplicationError

from config.settings import Settings
from domain.errors import DomainError
from domain.identity.signer import Signer, SignerCheck, verdict
from domain.identity.users import User
from store.event_store import EventStore
from store.users import LiveUsers
from workflows.names import CHECK_SIGNER_ACTIVITY


class IdentityActivities:
    """Reads the users' streams from the event store (opened once per worker, on first use).

    The users' fold is kept for the worker's life (`store.users.LiveUsers`): a check reads only the
    users' events appended since the previous one, not every user event again.
    """

    def __init__(self, settings: Settings) -> None:
        self._url = settings.effective_database_url
        self._store: EventStore | None = None
        self._live: LiveUsers | None = None
        self._lock = threading.Lock()

    def _users(self) -> Mapping[str, User]:
        with self._lock:
            if self._live is None:
                self._store = EventStore.open(self._url)
                self._live = LiveUsers(self._store)
            live = self._live
        return live.current()

    def close(self) -> None:
        """Release the store's connections."""
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
                self._live = None

    @activity.defn(name=CHECK_SIGNER_ACTIVITY)
    async def check_signer(self, check: SignerCheck) -> Signer:
        """The registered signer of an update, or a non-retryable refusal."""
        users = await asyncio.to_thread(self._users)
        try:
            return verdict(users, check)
        except DomainError as exc:
            raise ApplicationError(str(exc), type="DomainError", non_retryable=True) from None
