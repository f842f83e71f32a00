"""The intake's record in the event store: one stream per message, every step an event with a fixed id.

Each step's event id is derived from the message's SHA-256 and the step, so a step redone after a crash
or a second delivery appends nothing new: the store returns the event it already holds.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from domain.actors import Actor
from domain.eventing.base import DomainEvent
from domain.eventing.metadata import EventMetadata
from domain.identity.users import User
from domain.intake.events import INTAKE_PREFIX, intake_stream
from domain.intake.record import MailRecord, fold_mail
from store.event_store import EventStore
from store.records import NewEvent, RecordedEvent

INTAKE_ACTOR = Actor.parse("system")


def step_id(sha256: str, step: str) -> uuid.UUID:
    """The event id of one step of one message's processing."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"eci:intake:{sha256}:{step}")


def _fold(records: Iterable[RecordedEvent]) -> MailRecord | None:
    return fold_mail((r.event, r.occurred_at, r.position) for r in records)


class IntakeLedger:
    """Reads and appends intake streams; every method may be called again with the same input."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def record(
        self,
        sha256: str,
        step: str,
        event: DomainEvent,
        actor: Actor = INTAKE_ACTOR,
        by: User | None = None,
        *,
        expected_version: int | None = None,
    ) -> None:
        """Append one step's event (a no-op if that step was recorded before); `by`: the person deciding;
        `expected_version`: the stream's version the writer read (ConcurrencyConflict if it moved on)."""
        metadata = EventMetadata.for_actor(
            actor, cause=f"intake {step}", login=by.login if by else None, name=by.name if by else None
        )
        now = dt.datetime.now(dt.UTC)
        self.store.append(
            intake_stream(sha256), [NewEvent(event, step_id(sha256, step), metadata, now)], expected_version
        )

    def version(self, sha256: str) -> int:
        """The message's stream version (for a decision that must not cross an attempt)."""
        return self.store.stream_version(intake_stream(sha256))

    def get(self, sha256: str) -> MailRecord | None:
        """The message's record, None if it never arrived."""
        return _fold(self.store.read_stream(intake_stream(sha256)))

    def all(self) -> list[MailRecord]:
        """Every message the intake received, oldest first."""
        streams: dict[str, list[RecordedEvent]] = {}
        for recorded in self.store.read_prefix(INTAKE_PREFIX):
            streams.setdefault(recorded.stream, []).append(recorded)
        found = [r for r in (_fold(events) for events in streams.values()) if r is not None]
        return sorted(found, key=lambda r: r.position)

    def find(self, short_id: str) -> MailRecord | None:
        """The message whose SHA-256 starts with `short_id` (at least 8 hex digits), if exactly one does."""
        wanted = short_id.strip().lower()
        if len(wanted) < 8:
            return None
        matches = [r for r in self.all() if r.sha256.startswith(wanted)]
        return matches[0] if len(matches) == 1 else None

    def unfinished(self) -> list[MailRecord]:
        """Messages received but not yet decided or not yet answered (a crash cut their processing)."""
        return [r for r in self.all() if r.outcome is None]
