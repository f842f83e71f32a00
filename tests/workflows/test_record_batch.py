"""Group commit of recorded events: concurrent appends share transactions, each is stored once."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from temporalio.exceptions import ApplicationError

from activities.record_batch import AppendBatcher
from domain.actors import SYSTEM
from domain.eventing.metadata import EventMetadata
from domain.identity.signer import SignerCheck
from domain.obligation.events import ObligationOpened
from eci.identity import directory
from store.event_store import EventStore
from store.records import NewEvent
from workflows.names import SIGNER_REFUSED

NOW = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


def opened(participant: str, stream_participant: str | None = None) -> tuple[str, NewEvent]:
    oid = f"2027/05/{participant}"
    event = ObligationOpened(
        obligation_id=oid,
        cycle=2027,
        measure=5,
        participant=participant,
        due=dt.date(2027, 12, 1),
        effective_due=dt.date(2027, 12, 1),
    )
    stream = f"obligation/2027/05/{stream_participant or participant}"
    return stream, NewEvent(event, uuid.uuid4(), EventMetadata.for_actor(SYSTEM), NOW)


@pytest.fixture
def store(sqlite_url: str) -> Iterator[EventStore]:
    with EventStore.open(sqlite_url) as opened_store:
        yield opened_store


async def test_concurrent_appends_are_each_stored_once_with_their_version(store: EventStore) -> None:
    batcher = AppendBatcher(lambda: store)
    items = [opened(f"{n:02d}") for n in range(1, 41)]
    try:
        versions = await asyncio.gather(*(batcher.append(stream, new) for stream, new in items))
        again = await asyncio.gather(*(batcher.append(stream, new) for stream, new in items[:5]))
    finally:
        batcher.close()
    assert versions == [1] * 40
    assert again == [1] * 5  # a repeated append finds its event stored and writes nothing
    assert [len(store.read_stream(stream)) for stream, _ in items] == [1] * 40


async def test_a_bad_event_fails_alone_and_the_rest_of_its_group_is_stored(store: EventStore) -> None:
    batcher = AppendBatcher(lambda: store)
    good = [opened(f"{n:02d}") for n in range(1, 6)]
    bad = opened("77", stream_participant="78")  # an event of one obligation in another's stream
    try:
        results = await asyncio.gather(
            *(batcher.append(stream, new) for stream, new in [*good[:2], bad, *good[2:]]),
            return_exceptions=True,
        )
    finally:
        batcher.close()
    assert [isinstance(r, Exception) for r in results] == [False, False, True, False, False, False]
    assert [len(store.read_stream(stream)) for stream, _ in good] == [1] * 5
    assert store.read_stream(bad[0]) == []


def signer(login: str, key_id: str) -> SignerCheck:
    at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    return SignerCheck(login=login, key_id=key_id, actor="region:01", signed_at=at.isoformat())


async def test_a_signed_event_is_appended_naming_its_signer_and_a_refused_one_fails_alone(
    store: EventStore,
) -> None:
    admin = directory.add_user(store, None, "root", "Админ", ["admin", "region:01"])
    directory.register_key(store, admin, "0123456789abcdef", "A" * 43 + "=")
    batcher = AppendBatcher(lambda: store)
    good, stranger, unsigned = opened("01"), opened("02"), opened("03")
    try:
        results = await asyncio.gather(
            batcher.append(*good, signer("root", "0123456789abcdef")),
            batcher.append(*stranger, signer("root", "fedcba9876543210")),
            batcher.append(*unsigned),
            return_exceptions=True,
        )
    finally:
        batcher.close()
    assert results[0] == 1
    assert results[2] == 1
    refused = results[1]
    assert isinstance(refused, ApplicationError)
    assert refused.type == SIGNER_REFUSED
    assert "ключ fedcba9876543210 не зарегистрирован за пользователем «root»" in refused.message
    assert refused.non_retryable
    assert store.read_stream(stranger[0]) == []
    recorded = store.read_stream(good[0])[0].metadata
    assert (recorded.login, recorded.name) == ("root", "Админ")


async def test_a_retried_step_whose_event_is_stored_stands_though_its_signer_left_since(
    store: EventStore,
) -> None:
    admin = directory.add_user(store, None, "root", "Админ", ["admin", "region:01"])
    directory.register_key(store, admin, "0123456789abcdef", "A" * 43 + "=")
    batcher = AppendBatcher(lambda: store)
    stream, new = opened("01")
    try:
        assert await batcher.append(stream, new, signer("root", "0123456789abcdef")) == 1
        directory.add_user(store, admin, "root", "Админ", ["admin"])  # the region's role is gone
        # The same step again (its first try committed, then its worker died before saying so).
        assert await batcher.append(stream, new, signer("root", "0123456789abcdef")) == 1
        with pytest.raises(ApplicationError, match="нет роли «region:01»"):
            await batcher.append(*opened("02"), signer("root", "0123456789abcdef"))
    finally:
        batcher.close()
    assert len(store.read_stream(stream)) == 1
