"""`eci intake serve`: the SMTP (or LMTP) listener a mail server delivers replies to; a thread for `eci up`.

The listener takes mail only for the intake's own addresses (`local+token@domain`): it relays nothing.
A message is answered 250 once its bytes are stored and its arrival recorded; what follows (deciding,
submitting, the receipt) is the pipeline's, and a message it could not finish (the Temporal server
down, say) is finished by the next `resume()`, which runs every `ECI_INTAKE_RETRY_SECONDS` (a minute).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from dataclasses import dataclass
from typing import Any

from config.settings import Settings
from domain.intake.events import IntakeChannel, MailEnvelope
from domain.intake.token import token_of
from eci.intake.pipeline import Admitted, Intake
from eci.intake.smtp_data import BlockLMTP, BlockSMTP

log = logging.getLogger("eci.intake")
# Messages decided and submitted at once: each waits mostly on the workflow's update.
PROCESSING_CONCURRENCY = 8


class IntakeHandler:
    """aiosmtpd handler: intake addresses only; each message stored, answered, then processed."""

    def __init__(self, intake: Intake, concurrency: int = PROCESSING_CONCURRENCY) -> None:
        self.intake = intake
        self.gate = asyncio.Semaphore(concurrency)
        self.pending: set[asyncio.Task[None]] = set()

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if token_of(address, self.intake.address) is None and address.lower() != self.intake.address.lower():
            return "550 5.1.1 not an address of this intake"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            admitted = await self.intake.admit(
                raw, list(envelope.rcpt_tos), IntakeChannel.SMTP, envelope_of(session, envelope)
            )
        except Exception:
            log.exception("intake: a message could not be stored")
            return "451 4.3.0 the message could not be stored; try again later"
        # Stored and recorded: the sender's server may forget it. Deciding and submitting follow here.
        task = asyncio.create_task(self._finish(admitted))
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)
        return "250 2.0.0 received"

    async def _finish(self, admitted: Admitted) -> None:
        async with self.gate:
            try:
                await self.intake.finish(admitted)
            except Exception:
                log.exception("intake: message %s kept for a later attempt", admitted.sha256[:12])

    async def drain(self) -> None:
        """Wait for the messages still being processed."""
        while self.pending:
            await asyncio.gather(*list(self.pending), return_exceptions=True)


def envelope_of(session: Any, envelope: Any) -> MailEnvelope:
    """The SMTP transaction as the sending server gave it: MAIL FROM, RCPT TO, its address and HELO."""
    peer = session.peer[0] if isinstance(session.peer, tuple) and session.peer else str(session.peer or "")
    return MailEnvelope(
        mail_from=str(envelope.mail_from or "")[:320],
        rcpt_to=tuple(str(a)[:320] for a in envelope.rcpt_tos[:100]),
        peer=str(peer)[:64],
        helo=str(session.host_name or "")[:255],
    )


def size_limit(settings: Settings) -> int:
    """The largest message the listener reads: oversized ones up to twice the limit are quarantined with a
    receipt; beyond that the sending server is refused at once (memory stays bounded)."""
    return settings.intake_max_message_bytes * 2


async def serve(
    settings: Settings,
    stop: asyncio.Event,
    *,
    lmtp: bool = False,
    ready: threading.Event | None = None,
    ident: str | None = None,
) -> None:
    """Listen until `stop` is set; finish interrupted messages at start and every minute.

    `ident` follows the host name in the greeting (`eci up` puts its instance id there).
    """
    intake = Intake(settings)
    intake.use_parser_processes()
    assert intake.pool is not None
    await intake.pool.start()
    handler = IntakeHandler(intake)
    limit = size_limit(settings)
    extra: dict[str, Any] = {"ident": ident} if ident else {}
    protocol = (
        (lambda: BlockLMTP(handler, data_size_limit=limit, **extra))
        if lmtp
        else (lambda: BlockSMTP(handler, data_size_limit=limit, **extra))
    )
    loop = asyncio.get_running_loop()
    server = await loop.create_server(protocol, host=settings.intake_host, port=settings.intake_port)
    if ready is not None:
        ready.set()
    try:
        while not stop.is_set():
            await handler.drain()
            try:
                await intake.resume()
            except Exception:
                log.exception("intake: resume failed; trying again in a minute")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), settings.intake_retry_seconds)
    finally:
        server.close()
        await server.wait_closed()
        await handler.drain()
        await intake.aclose()


@dataclass
class IntakeThread:
    """The intake listening in a thread of its own (for `eci up`)."""

    thread: threading.Thread
    loop: asyncio.AbstractEventLoop
    stop_event: asyncio.Event

    def stop(self) -> None:
        """Stop listening and wait for the thread."""
        self.loop.call_soon_threadsafe(self.stop_event.set)
        self.thread.join(timeout=10)


def start_intake_thread(settings: Settings, ident: str | None = None) -> IntakeThread:
    """Start the listener in a thread; returns once it accepts connections."""
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    ready = threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(serve(settings, stop, ready=ready, ident=ident))
        except BaseException as exc:  # reported to the starter below
            failure.append(exc)
            ready.set()
        finally:
            loop.close()

    thread = threading.Thread(target=run, name="eci-intake", daemon=True)
    thread.start()
    ready.wait(30)
    if failure:
        raise failure[0]
    return IntakeThread(thread, loop, stop)
