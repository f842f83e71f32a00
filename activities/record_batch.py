"""Group commit for the recording activity: events that arrive together share one store transaction.

A single appending transaction costs about 2 ms of worker CPU, most of it fixed per transaction; with
many workflows recording at once (a cycle opening, a burst of updates) one transaction per event would
spend the worker's time there. The batcher writes whatever has queued while the previous transaction
ran, so a lone event waits for nothing and a burst shares the cost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from activities.record_signer import SignerVetting
from domain.identity.signer import SignerCheck
from store.event_store import Batch, EventStore, RecordedEvent
from store.records import NewEvent

MAX_GROUP = 200

_Item = tuple[str, NewEvent, SignerCheck | None, int | None]

_Pending = tuple[str, NewEvent, SignerCheck | None, int | None, "asyncio.Future[int]"]


def _version(recorded: Sequence[RecordedEvent]) -> int:
    return recorded[0].version if recorded else 0


class AppendBatcher:
    """Appends single events through one writer thread, committing those that queue up together."""

    def __init__(self, store: Callable[[], EventStore]) -> None:
        self._store = store
        self._signers = SignerVetting()
        self._queue: list[_Pending] = []
        self._writer: asyncio.Task[None] | None = None
        # One thread: appends are serialised by the store anyway, and order of arrival is kept.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eci-append")

    async def append(
        self,
        stream: str,
        new: NewEvent,
        signer: SignerCheck | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Append one event (idempotent by its id) once committed; its stream version (0 if stored).

        With `signer`, the event is appended only if that signer may sign it (see `record_signer`); with
        `expected_version`, only if the stream is still at that version (ConcurrencyConflict if not)."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[int] = loop.create_future()
        self._queue.append((stream, new, signer, expected_version, done))
        # A writer of another (closed) loop never finishes: start one on this loop.
        if self._writer is None or self._writer.done() or self._writer.get_loop() is not loop:
            self._writer = loop.create_task(self._drain())
        return await done

    def close(self) -> None:
        """Stop the writer thread (after the transaction in progress)."""
        self._executor.shutdown(wait=True)

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while self._queue:
            group, self._queue = self._queue[:MAX_GROUP], self._queue[MAX_GROUP:]
            items = [(stream, new, signer, expected) for stream, new, signer, expected, _ in group]
            try:
                outcomes = await loop.run_in_executor(self._executor, self._write, items)
            except BaseException as exc:  # the store could not be opened, or the loop is closing
                outcomes = [exc] * len(group)
            for (_, _, _, _, done), outcome in zip(group, outcomes, strict=True):
                # Cancelled meanwhile, or left by a closed loop: the event may be stored, nobody waits.
                if done.done() or done.get_loop() is not loop:
                    continue
                if isinstance(outcome, BaseException):
                    done.set_exception(outcome)
                else:
                    done.set_result(outcome)

    def _write(self, items: Sequence[_Item]) -> list[int | BaseException]:
        store = self._store()
        vetted = self._signers.vet(store, [(stream, new, signer) for stream, new, signer, _ in items])
        # A refused signer fails its own step (nothing appended); the others are appended together.
        outcomes: list[int | BaseException] = [v if isinstance(v, BaseException) else 0 for v in vetted]
        kept = [(i, stream, v, expected)
                for i, ((stream, _, _, expected), v) in enumerate(zip(items, vetted, strict=True))
                if isinstance(v, NewEvent)]  # fmt: skip
        if kept:
            batches = [Batch(stream, [new], expected) for _, stream, new, expected in kept]
            written = self._append(store, batches)
            for (i, _, _, _), outcome in zip(kept, written, strict=True):
                outcomes[i] = outcome
        return outcomes

    def _append(self, store: EventStore, batches: Sequence[Batch]) -> list[int | BaseException]:
        try:
            results = store.append_many(batches)
            return [_version(recorded) for recorded in results]
        except Exception:
            if len(batches) == 1:
                raise
        # One bad event (or one signed for a stream that moved on) must not fail the others: write them
        # one by one, each with its own outcome.
        outcomes: list[int | BaseException] = []
        for batch in batches:
            try:
                outcomes.append(_version(store.append(batch.stream, batch.events, batch.expected_version)))
            except Exception as exc:
                outcomes.append(exc)
        return outcomes
