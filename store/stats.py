"""Size and shape of the store, for `eci db stats`."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from store.event_store import EventStore
from store.migrate import current_revision
from store.projections import projection_position
from store.schema import EventRow


class StoreStats(BaseModel):
    """Counts, head and size of one database."""

    engine: str
    events: int
    streams: int
    last_position: int
    projection_position: int
    schema_revision: str | None
    size_bytes: int


def _size(store: EventStore) -> int:
    if store.dialect.is_sqlite:
        database = make_url(store.url).database or ""
        paths = [Path(database + suffix) for suffix in ("", "-wal", "-shm")]
        return sum(p.stat().st_size for p in paths if p.exists())
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.pg_database_size(func.current_database()))) or 0)


def store_stats(store: EventStore) -> StoreStats:
    """Events, distinct streams, last position, projection position, schema revision and size on disk."""
    with store.engine.connect() as conn:
        events = int(conn.scalar(select(func.count()).select_from(EventRow)) or 0)
        streams = int(conn.scalar(select(func.count(func.distinct(EventRow.stream)))) or 0)
        last = int(conn.scalar(select(func.max(EventRow.position))) or 0)
    return StoreStats(
        engine=store.dialect.name,
        events=events,
        streams=streams,
        last_position=last,
        projection_position=projection_position(store),
        schema_revision=current_revision(store.engine),
        size_bytes=_size(store),
    )
