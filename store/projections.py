"""Queries on the read models: obligation statuses, per-participant and per-measure summaries, documents.

They are current when `append` returns; the as-of queries fold the log itself instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from domain.obligation.id import plain_id, stream_of
from domain.obligation.states import ObligationState
from domain.obligation.status import ObligationStatus, fold_all
from store.event_store import EventStore
from store.projection_writer import PROJECTION
from store.schema import (
    DocumentIndexRow,
    MeasureSummaryRow,
    ObligationStatusRow,
    ParticipantSummaryRow,
    ProjectionPositionRow,
)


class StateCounts(BaseModel):
    """Obligations by state, and their total."""

    model_config = ConfigDict(frozen=True)

    open: int = 0
    submitted: int = 0
    returned: int = 0
    accepted: int = 0
    overdue: int = 0
    waived: int = 0
    total: int = 0


class ParticipantSummary(BaseModel):
    """One participant's obligations in one cycle, by state."""

    model_config = ConfigDict(frozen=True)

    cycle: int
    participant: str
    counts: StateCounts


class MeasureSummary(BaseModel):
    """One measure's obligations in one cycle, by state."""

    model_config = ConfigDict(frozen=True)

    cycle: int
    measure: int
    counts: StateCounts


class IndexedDocument(BaseModel):
    """A submitted document as the index knows it."""

    model_config = ConfigDict(frozen=True)

    position: int
    obligation_id: str
    sha256: str
    size: int
    media_type: str
    filename: str
    kind: str
    number: str
    date: dt.date
    issuer: str
    title: str | None


def list_statuses(
    store: EventStore,
    cycle: int | None = None,
    measure: int | None = None,
    participant: str | None = None,
    state: ObligationState | None = None,
) -> list[ObligationStatus]:
    """Current statuses matching every given filter, by cycle, measure and participant."""
    query = select(ObligationStatusRow.status)
    if cycle is not None:
        query = query.where(ObligationStatusRow.cycle == cycle)
    if measure is not None:
        query = query.where(ObligationStatusRow.measure == measure)
    if participant is not None:
        query = query.where(ObligationStatusRow.participant == participant)
    if state is not None:
        query = query.where(ObligationStatusRow.state == ObligationState(state).value)
    row = ObligationStatusRow
    query = query.order_by(row.cycle, row.measure, row.participant)
    with store.engine.connect() as conn:
        return [ObligationStatus.model_validate_json(text) for text in conn.scalars(query)]


def get_status(store: EventStore, obligation_id: object) -> ObligationStatus | None:
    """The current status of one obligation (`2023/05/77` or an ObligationId), None if never opened."""
    key = plain_id(str(obligation_id))
    query = select(ObligationStatusRow.status).where(ObligationStatusRow.obligation_id == key)
    with store.engine.connect() as conn:
        text = conn.scalar(query)
    return ObligationStatus.model_validate_json(text) if text is not None else None


def _counts(pairs: Iterable[tuple[str, int]]) -> StateCounts:
    values = {state: n for state, n in pairs}
    return StateCounts(**values, total=sum(values.values()))


def participant_summaries(store: EventStore, cycle: int | None = None) -> list[ParticipantSummary]:
    """Obligations per cycle and participant, by state."""
    query = select(
        ParticipantSummaryRow.cycle,
        ParticipantSummaryRow.participant,
        ParticipantSummaryRow.state,
        ParticipantSummaryRow.count,
    )
    if cycle is not None:
        query = query.where(ParticipantSummaryRow.cycle == cycle)
    grouped: dict[tuple[int, str], list[tuple[str, int]]] = {}
    with store.engine.connect() as conn:
        for c, participant, state, n in conn.execute(query):
            grouped.setdefault((c, participant), []).append((state, n))
    return [
        ParticipantSummary(cycle=c, participant=p, counts=_counts(pairs))
        for (c, p), pairs in sorted(grouped.items())
    ]


def region_summaries(store: EventStore, cycle: int | None = None) -> list[ParticipantSummary]:
    """Per-participant summaries of regions only (two-digit codes), leaving out federal bodies."""
    return [s for s in participant_summaries(store, cycle) if s.participant.isdigit()]


def measure_summaries(store: EventStore, cycle: int | None = None) -> list[MeasureSummary]:
    """Obligations per cycle and measure, by state."""
    query = select(
        MeasureSummaryRow.cycle, MeasureSummaryRow.measure, MeasureSummaryRow.state, MeasureSummaryRow.count
    )
    if cycle is not None:
        query = query.where(MeasureSummaryRow.cycle == cycle)
    grouped: dict[tuple[int, int], list[tuple[str, int]]] = {}
    with store.engine.connect() as conn:
        for c, measure, state, n in conn.execute(query):
            grouped.setdefault((c, measure), []).append((state, n))
    return [
        MeasureSummary(cycle=c, measure=m, counts=_counts(pairs)) for (c, m), pairs in sorted(grouped.items())
    ]


def documents(
    store: EventStore, obligation_id: object | None = None, sha256: str | None = None
) -> list[IndexedDocument]:
    """Submitted documents, oldest first, of one obligation and/or with one file hash."""
    table = DocumentIndexRow.__table__
    query = select(table)
    if obligation_id is not None:
        query = query.where(table.c.obligation_id == plain_id(str(obligation_id)))
    if sha256 is not None:
        query = query.where(table.c.sha256 == sha256)
    query = query.order_by(table.c.position, table.c.ordinal)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [IndexedDocument.model_validate(dict(row._mapping)) for row in rows]


def projection_position(store: EventStore) -> int:
    """The last position folded into the projections."""
    query = select(ProjectionPositionRow.position).where(ProjectionPositionRow.name == PROJECTION)
    with store.engine.connect() as conn:
        return int(conn.scalar(query) or 0)


def statuses_as_of(
    store: EventStore, as_of: dt.datetime | None = None, as_known_at: dt.datetime | None = None
) -> dict[str, ObligationStatus]:
    """Every obligation's status as of a business instant and/or as known at a recording instant."""
    return fold_all(store.read_all(), as_of=as_of, as_known_at=as_known_at)


def status_as_of(
    store: EventStore,
    obligation_id: object,
    as_of: dt.datetime | None = None,
    as_known_at: dt.datetime | None = None,
) -> ObligationStatus | None:
    """One obligation's status folded from its stream, as of / as known at the given instants."""
    key = plain_id(str(obligation_id))
    stream = store.read_stream(stream_of(key))
    return fold_all(stream, as_of=as_of, as_known_at=as_known_at).get(key)
