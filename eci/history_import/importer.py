"""`eci import`: prior-period facts from a spreadsheet into the event store, all or nothing.

The file is read and every row checked before anything is written; each obligation's stream must be new
(or hold exactly this file's events, which makes a second import of the same file a no-op). Events keep
their business instants as `occurred_at`; the store stamps `recorded_at`. Obligations still open after
their imported history get a live workflow.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import domain.history_import.status  # noqa: F401  # registers how imported events fold
from domain.actors import Actor, Role
from domain.errors import DomainError
from domain.eventing.metadata import EventMetadata
from domain.history_import.rules import ImportedObligation, PlannedObligation, plan_import
from domain.moscow import today_in_moscow
from domain.obligation.id import ObligationId
from domain.obligation.states import ObligationState
from eci.errors import EciError
from eci.history_import.files import ImportFile, read_import_file
from store.event_store import Batch, EventStore, NewEvent
from store.gc_pause import collector_paused


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: rows read, obligations and events written, those already present."""

    file_name: str
    sha256: str
    rows: int
    obligations_written: int
    obligations_unchanged: int
    events_written: int
    workflows_started: int
    states: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=16)
def _cycle_index(cycle: int) -> dict[ObligationId, PlannedObligation]:
    from domain.obligation.plan import obligations_for_cycle

    return {o.id: o for o in obligations_for_cycle(cycle)}


def plan_lookup(oid: ObligationId) -> PlannedObligation:
    """The plan's obligation for an id (DomainError if the plan has no such obligation)."""
    from domain.obligation.plan import CYCLES, get_obligation

    found = _cycle_index(oid.cycle).get(oid) if oid.cycle in CYCLES else None
    # The plan's own lookup explains why an id does not exist.
    return found if found is not None else get_obligation(str(oid))


def _check_actor(actor: Actor) -> None:
    if actor.role not in (Role.COORDINATOR, Role.SYSTEM):
        raise EciError(
            f"историю импортирует только координатор, а не {actor.label_ru}", code="coordinator_only"
        )


def _existing_streams(store: EventStore, streams: Sequence[str]) -> set[str]:
    """Which of these streams hold events already (one query per thousand streams)."""
    from sqlalchemy import bindparam, text

    query = text("SELECT DISTINCT stream FROM events WHERE stream IN :streams").bindparams(
        bindparam("streams", expanding=True)
    )
    found: set[str] = set()
    with store.engine.connect() as conn:
        for start in range(0, len(streams), 1000):
            found.update(conn.execute(query, {"streams": list(streams[start : start + 1000])}).scalars())
    return found


def _already_there(store: EventStore, item: ImportedObligation, existing: set[str]) -> bool:
    """True when the stream starts with exactly this file's events; a conflict when it holds others."""
    if item.obligation.stream not in existing:
        return False
    stored = store.read_stream(item.obligation.stream)
    planned = [p.event_id for p in item.events]
    if [r.event_id for r in stored[: len(planned)]] == planned:
        return True
    raise DomainError(
        f"строка {item.line}: у обязательства {item.obligation} в хранилище уже есть другие события "
        f"({len(stored)}): импорт их не заменяет",
        "already_recorded",
    )


def _metadata(actor: Actor, source: ImportFile) -> EventMetadata:
    return EventMetadata.for_actor(actor, cause=f"import {source.name} sha256:{source.sha256}")


def import_planned(
    store: EventStore,
    source: ImportFile,
    planned: Sequence[ImportedObligation],
    actor: Actor,
    live: bool = False,
) -> ImportSummary:
    """Write checked obligations' events (skipping those already imported); with `live` the caller
    starts the workflows of the obligations left open, without it such obligations are refused."""
    _check_actor(actor)
    existing = _existing_streams(store, [item.obligation.stream for item in planned])
    fresh = [item for item in planned if not _already_there(store, item, existing)]
    # Every open one, not only the fresh: starting is idempotent, and a crash after the write is healed.
    needing = [item for item in planned if item.needs_workflow]
    if needing and not live:
        raise EciError(
            f"строка {needing[0].line}: обязательство {needing[0].obligation} ещё не закрыто, и ему нужен "
            "процесс в Temporal: сначала запустите сервер Temporal и обработчик (`eci up`)",
            code="needs_workflow",
        )
    metadata = _metadata(actor, source)
    batches = [
        Batch(
            item.obligation.stream,
            [NewEvent(p.event, p.event_id, metadata, p.occurred_at) for p in item.events],
            0,
        )
        for item in fresh
    ]
    # One transaction: every stream is written, or none (a stream that appeared meanwhile conflicts).
    store.append_many(batches)
    events = sum(len(b.events) for b in batches)
    states = Counter(item.state.value for item in planned)
    return ImportSummary(
        file_name=source.name,
        sha256=source.sha256,
        rows=len(source.rows),
        obligations_written=len(fresh),
        obligations_unchanged=len(planned) - len(fresh),
        events_written=events,
        workflows_started=0,
        states={s.value: states[s.value] for s in ObligationState if states[s.value]},
    )


def check_file(path: Path, as_of: dt.date | None = None) -> tuple[ImportFile, list[ImportedObligation]]:
    """Read and check a file without touching the store; DomainError names the first bad line."""
    # Reading and planning allocate several acyclic objects per row and event; without the pause the
    # collector's full passes walked the caller's whole heap again and again (most of a small import's
    # time when the caller holds much, as the demo does with its scenario).
    with collector_paused():
        source = read_import_file(path)
        if not source.rows:
            raise DomainError(f"{source.name}: в файле нет строк для импорта", "no_rows")
        day = as_of or today_in_moscow()
        planned = plan_import(source.rows, plan_lookup, day, source.name, source.sha256)
    return source, planned


def import_file(
    store: EventStore,
    path: Path,
    actor: Actor,
    as_of: dt.date | None = None,
) -> ImportSummary:
    """Check the whole file, then write its events (a file leaving obligations open needs `run_import`)."""
    source, planned = check_file(path, as_of)
    return import_planned(store, source, planned, actor)
