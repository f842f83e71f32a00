"""The signer check as the recording step makes it, just before it appends a signed action's event.

The key that signed must be registered to its login, not revoked when it signed, and the login must
hold the role acted in (`domain.identity.signer.verdict`). A refused event is not appended, and the step fails
with `SIGNER_REFUSED`, which the workflow turns into the update's rejection; the outcome is the
local activity's result in the workflow's history, so replay reads it from there.

The users come from `store.users.LiveUsers`: one read of the users' events appended since the last
check serves every event of a group commit, so the check costs next to nothing per update.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace

from temporalio.exceptions import ApplicationError

from domain.errors import DomainError
from domain.identity.signer import SignerCheck, verdict
from store.event_store import EventStore
from store.records import NewEvent
from store.users import LiveUsers
from workflows.names import SIGNER_REFUSED

Signable = tuple[str, NewEvent, SignerCheck | None]


class SignerVetting:
    """Checks the signers of a group of events against the store's users, read once per group."""

    def __init__(self) -> None:
        self._live: LiveUsers | None = None
        self._lock = threading.Lock()

    def _users_of(self, store: EventStore) -> LiveUsers:
        with self._lock:
            if self._live is None or self._live.store is not store:  # the store was reopened
                self._live = LiveUsers(store)
            return self._live

    def vet(self, store: EventStore, items: Sequence[Signable]) -> list[NewEvent | BaseException]:
        """Each event with its signer named in its metadata, or the refusal to fail its step with."""
        if all(check is None for _, _, check in items):
            return [new for _, new, _ in items]
        users = self._users_of(store).current()
        vetted: list[NewEvent | BaseException] = []
        for _, new, check in items:
            if check is None:
                vetted.append(new)
                continue
            try:
                signer = verdict(users, check)
            except DomainError as exc:
                # A retry of a step whose append committed before the user changed stands as it was.
                if store.contains(new.event_id):
                    vetted.append(new)
                else:
                    vetted.append(ApplicationError(str(exc), type=SIGNER_REFUSED, non_retryable=True))
                continue
            metadata = new.metadata.model_copy(update={"login": signer.login, "name": signer.name})
            vetted.append(replace(new, metadata=metadata))
        return vetted
