"""Parser processes: a message is read in a child with an address-space limit and a timeout.

A hostile message may make the MIME parser, pypdf or the zip reader take unbounded time or memory; in
a child process that costs the child only. Each child sets `RLIMIT_AS` to what it uses once its
imports are done plus the configured parse memory, serves one message at a time over a pipe, and
answers with a plain tuple (never an exception object, which may not survive the trip). A child that
dies, runs out of memory or overruns the timeout is killed and replaced before the next message, so
the pool is never left broken; the message gets a `ParseFailure` naming the cause.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import resource
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from domain.intake.events import FailureCause, QuarantineReason
from eci.intake.limits import ParseLimits
from eci.intake.refusal import RefusedMail

log = logging.getLogger("eci.intake")
TARGET = "eci.intake.incoming:parse_incoming"
STARTUP_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class ParseFailure:
    """The parse did not finish: the process crashed, was killed at the timeout, or ran out of memory."""

    cause: FailureCause


def _resolve(target: str) -> Callable[..., Any]:
    import importlib

    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def _address_space() -> int:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[0])
    return pages * resource.getpagesize()


def _child(conn: Connection, target: str, memory_bytes: int) -> None:
    """The child's loop: one message in, one plain tuple out; ends when the pipe closes."""
    parse = _resolve(target)  # imports done before the limit is set, so it bounds the parse alone
    limit = _address_space() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    conn.send(("ready",))  # the parse timeout counts from here, not from the interpreter's start
    while True:
        try:
            raw, envelope, limits = conn.recv()
        except (EOFError, OSError):
            return
        except MemoryError:  # the message alone does not fit: that is this message's failure too
            conn.send(("failed", FailureCause.MEMORY.value))
            continue
        try:
            reply: tuple[Any, ...] = ("ok", parse(raw, envelope, limits))
        except RefusedMail as refused:
            reply = ("refused", refused.code.value, refused.reason)
        except MemoryError:
            reply = ("failed", FailureCause.MEMORY.value)
        except BaseException:  # noqa: BLE001 - anything else is this message's failure, reported plainly
            reply = ("failed", FailureCause.ERROR.value)
        del raw
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("failed", FailureCause.MEMORY.value))


class _Worker:
    """One child process and its end of the pipe."""

    def __init__(self, target: str, memory_bytes: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child_end = context.Pipe()
        self.process = context.Process(
            target=_child, args=(child_end, target, memory_bytes), name="eci-intake-parser", daemon=True
        )
        self.process.start()
        child_end.close()
        # Wait for the child's imports, so that a slow start is never taken for a slow parse.
        try:
            ready = self.conn.poll(STARTUP_TIMEOUT_S) and self.conn.recv() == ("ready",)
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.stop()
            raise RuntimeError("a parser process did not start")

    def call(self, raw: bytes, envelope: tuple[str, ...], limits: ParseLimits, timeout: float) -> Any:
        """Send one message and wait for the answer (blocking: run in a thread)."""
        try:
            self.conn.send((raw, envelope, limits))
            if not self.conn.poll(timeout):
                return ParseFailure(FailureCause.TIMEOUT)
            reply = self.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            return ParseFailure(FailureCause.CRASH)
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "refused":
            return RefusedMail(QuarantineReason(reply[1]), reply[2])
        return ParseFailure(FailureCause(reply[1]))

    def stop(self) -> None:
        """Kill the child now (it may be stuck in a parse) and reap it."""
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class ParserPool:
    """`size` parser processes; `parse()` returns the mail, a RefusedMail or a ParseFailure."""

    def __init__(self, size: int, *, timeout: float, memory_mb: int, target: str = TARGET) -> None:
        self.size = size
        self.timeout = timeout
        self.memory_bytes = memory_mb * 1024 * 1024
        self.target = target
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self.replaced = 0  # children killed or lost and started anew (for tests and the log)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.target, self.memory_bytes)
        with self._lock:
            self._all.append(worker)
        return worker

    async def _fresh(self) -> _Worker:
        """A new child; a start that fails (the machine short of memory, say) is tried again."""
        for attempt in range(10):
            try:
                return await asyncio.to_thread(self._spawn)
            except RuntimeError:
                log.warning("intake: a parser process did not start (attempt %d)", attempt + 1)
                await asyncio.sleep(1.0)
        return await asyncio.to_thread(self._spawn)

    def _retire(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    async def start(self) -> None:
        """Start the children now (else the first message waits for them)."""
        if self._idle is None:
            self._idle = asyncio.Queue()
            for _ in range(self.size):
                self._idle.put_nowait(await self._fresh())

    async def parse(self, raw: bytes, envelope: Sequence[str], limits: ParseLimits) -> Any:
        """Read one message in a child; a failed child is replaced before this returns."""
        await self.start()
        assert self._idle is not None
        worker = await self._idle.get()
        try:
            result = await asyncio.to_thread(worker.call, raw, tuple(envelope), limits, self.timeout)
        except BaseException:
            await asyncio.to_thread(self._retire, worker)  # cancelled mid-call: its pipe state is unknown
            self._idle.put_nowait(await self._fresh())
            raise
        if isinstance(result, ParseFailure) or not worker.process.is_alive():
            log.warning("intake: parser process replaced (%s)", getattr(result, "cause", "exited"))
            await asyncio.to_thread(self._retire, worker)
            worker = await self._fresh()
            self.replaced += 1
        self._idle.put_nowait(worker)
        return result

    def close(self) -> None:
        """Stop every child."""
        with self._lock:
            workers, self._all = list(self._all), []
        for worker in workers:
            worker.stop()
