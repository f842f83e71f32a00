"""What auditors ask of the history: the state at an instant, what changed between two, who did what.

History is bitemporal: `occurred_at` is business time (when it happened), `recorded_at` is recording
time (when the tracker learnt it). Imported facts have the first well before the second.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from domain.obligation.status import ObligationStatus, fold_all
from reports.completion_model import ChainHead
from reports.source import GENESIS
from store.event_store import EventStore
from store.records import RecordedEvent
from store.report_queries import chain_head, events_between, fold_records, metadata_matching


@dataclass(frozen=True)
class EventLine:
    """One recorded event as audit listings show it."""

    position: int
    stream: str
    type: str
    actor: str
    role: str
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    payload: dict[str, Any]
    login: str | None = None  # the person who acted, for actions by people
    name: str | None = None

    @property
    def person(self) -> str:
        """`Name (login)` of the person who acted, else the actor."""
        return f"{self.name} ({self.login})" if self.login else self.actor

    @classmethod
    def of(cls, record: RecordedEvent) -> EventLine:
        """The listing line of a recorded event."""
        payload = record.event.model_dump(mode="json", exclude={"obligation_id"})
        return cls(
            position=record.position,
            stream=record.stream,
            type=record.type,
            actor=record.metadata.actor,
            role=record.metadata.role,
            occurred_at=record.occurred_at,
            recorded_at=record.recorded_at,
            payload=payload,
            login=record.metadata.login,
            name=record.metadata.name,
        )


@dataclass(frozen=True)
class ObligationChange:
    """One obligation's state before and after an interval, with the events inside it."""

    obligation_id: str
    before: ObligationStatus | None
    after: ObligationStatus | None
    events: tuple[EventLine, ...]


def replay(
    records: Iterable[RecordedEvent], as_of: dt.datetime | None = None, as_known_at: dt.datetime | None = None
) -> list[ObligationStatus]:
    """Every obligation's status folded from the events that had occurred by `as_of` and were recorded
    by `as_known_at`, sorted by obligation id."""
    statuses = fold_all(records, as_of=as_of, as_known_at=as_known_at)
    return [statuses[key] for key in sorted(statuses)]


def diff(
    records: Iterable[RecordedEvent], start: dt.datetime, end: dt.datetime, *, by_recording: bool = False
) -> list[ObligationChange]:
    """Obligations whose events fall in (start, end], with their status at both ends.

    Business time by default; `by_recording` compares what the tracker knew at the two instants."""
    kept = list(records)
    before = fold_all(kept, **{_axis(by_recording): start})
    after = fold_all(kept, **{_axis(by_recording): end})
    inside: dict[str, list[EventLine]] = {}
    for record in kept:
        at = record.recorded_at if by_recording else record.occurred_at
        if start < at <= end:
            inside.setdefault(record.event.obligation_id, []).append(EventLine.of(record))
    return [
        ObligationChange(key, before.get(key), after.get(key), tuple(inside[key]))
        for key in sorted(inside)
    ]


def _axis(by_recording: bool) -> str:
    return "as_known_at" if by_recording else "as_of"


def by_actor(records: Iterable[RecordedEvent], actor: str) -> list[EventLine]:
    """Everything one actor or person (login) did, in recording order; a bare role (`region`, `system`)
    matches all of it."""
    wanted = actor.strip()
    return [
        EventLine.of(r)
        for r in records
        if wanted in (r.metadata.actor, r.metadata.role, r.metadata.login)
    ]


def replay_store(
    store: EventStore, as_of: dt.datetime | None = None, as_known_at: dt.datetime | None = None
) -> tuple[list[ObligationStatus], ChainHead]:
    """`replay` straight from the store: the head first, then only the events inside both instants."""
    head = chain_head(store.engine, store.dialect)
    if head is None:
        return [], GENESIS
    records = fold_records(store.engine, store.dialect, as_of=as_of, as_known_at=as_known_at, up_to=head[0])
    statuses = fold_all(records)
    return [statuses[key] for key in sorted(statuses)], ChainHead(*head)


def by_actor_in_store(store: EventStore, actor: str) -> list[EventLine]:
    """`by_actor` reading only the rows whose metadata names the actor or role."""
    wanted = actor.strip()
    fragments = [f'"{key}":{json.dumps(wanted, ensure_ascii=False)}' for key in ("actor", "role", "login")]
    return by_actor(metadata_matching(store.engine, store.dialect, fragments), wanted)


def diff_store(
    store: EventStore, start: dt.datetime, end: dt.datetime, *, by_recording: bool = False
) -> list[ObligationChange]:
    """`diff` reading only what it needs: the folds up to both instants and the events between them."""
    axis = _axis(by_recording)
    head = chain_head(store.engine, store.dialect)
    up_to = None if head is None else head[0]
    before = fold_all(fold_records(store.engine, store.dialect, **{axis: start}, up_to=up_to))
    after = fold_all(fold_records(store.engine, store.dialect, **{axis: end}, up_to=up_to))
    inside: dict[str, list[EventLine]] = {}
    for record in events_between(store.engine, store.dialect, start, end, by_recording=by_recording):
        if up_to is None or record.position <= up_to:
            inside.setdefault(record.event.obligation_id, []).append(EventLine.of(record))
    return [
        ObligationChange(key, before.get(key), after.get(key), tuple(inside[key]))
        for key in sorted(inside)
    ]
