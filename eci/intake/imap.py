"""`eci intake poll`: the intake reading a ministry's own mailbox over IMAP (IDLE where the server offers it).

For a ministry whose mail server is not ours: the intake address is a mailbox there, and the poller
fetches every unseen message, hands it to the pipeline, and only then marks it seen. A crash between the
two leaves the message unseen, so it is fetched again; the pipeline makes the second time a no-op.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import aioimaplib

log = logging.getLogger("eci.intake")
POLL_WITHOUT_IDLE_S = 30.0
_FETCHED = re.compile(rb"^\d+ FETCH \(UID (\d+) RFC822 \{\d+\}")


class MailboxError(Exception):
    """The mailbox cannot be reached or read; the message is one line and never holds the password."""


@dataclass(frozen=True)
class MailboxUrl:
    """`imap://user:password@host:port/MAILBOX` (or `imaps://`) taken apart."""

    host: str
    port: int
    user: str
    password: str
    mailbox: str
    tls: bool

    @classmethod
    def parse(cls, url: str) -> MailboxUrl:
        """The URL's parts; ValueError naming what is wrong (never echoing the password)."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("imap", "imaps"):
            raise ValueError(
                f"ECI_INTAKE_IMAP_URL: expected imap:// or imaps://, got {parts.scheme or 'none'}://"
            )
        if not parts.hostname:
            raise ValueError("ECI_INTAKE_IMAP_URL: no host")
        if not parts.username or parts.password is None:
            raise ValueError("ECI_INTAKE_IMAP_URL: give user:password@ before the host")
        try:
            port = parts.port or (993 if parts.scheme == "imaps" else 143)
        except ValueError:
            raise ValueError("ECI_INTAKE_IMAP_URL: the port is not a number") from None
        mailbox = unquote(parts.path.lstrip("/")) or "INBOX"
        return cls(parts.hostname, port, unquote(parts.username), unquote(parts.password), mailbox,
                   parts.scheme == "imaps")  # fmt: skip

    def __str__(self) -> str:
        scheme = "imaps" if self.tls else "imap"
        return f"{scheme}://{self.user}@{self.host}:{self.port}/{self.mailbox}"


async def _checked(what: str, call: Awaitable[aioimaplib.Response]) -> aioimaplib.Response:
    response = await call
    if response.result != "OK":
        text = " ".join(line.decode(errors="replace") for line in response.lines if isinstance(line, bytes))
        raise MailboxError(f"{what} refused: {text[:160]}")
    return response


async def _connect(box: MailboxUrl, timeout: float) -> aioimaplib.IMAP4:  # noqa: ASYNC109 - the library's
    if box.tls:
        client: aioimaplib.IMAP4 = aioimaplib.IMAP4_SSL(box.host, box.port, timeout=timeout,
                                                        ssl_context=ssl.create_default_context())  # fmt: skip
    else:
        client = aioimaplib.IMAP4(box.host, box.port, timeout=timeout)
    try:
        await client.wait_hello_from_server()
    except (OSError, TimeoutError) as exc:
        raise MailboxError(f"{box}: cannot connect ({type(exc).__name__})") from None
    await _checked(f"{box}: login", client.login(box.user, box.password))
    await _checked(f"{box}: select", client.select(box.mailbox))
    return client


async def _unseen(client: aioimaplib.IMAP4) -> list[str]:
    response = await _checked("search", client.uid_search("UNSEEN"))
    uids: list[str] = []
    for line in response.lines:
        if isinstance(line, bytes) and line and not line.startswith(b"SEARCH completed"):
            uids.extend(part.decode() for part in line.split() if part.isdigit())
    return uids


async def _fetch(client: aioimaplib.IMAP4, uid: str) -> bytes | None:
    # BODY.PEEK leaves \Seen alone: the message is marked only once the pipeline has it.
    response = await _checked(f"fetch {uid}", client.uid("fetch", uid, "(BODY.PEEK[])"))
    for line in response.lines:
        if isinstance(line, bytearray):
            return bytes(line)
    return None


async def _hand_over(client: aioimaplib.IMAP4, handle: Callable[[bytes], Awaitable[object]]) -> int:
    done = 0
    for uid in await _unseen(client):
        raw = await _fetch(client, uid)
        if raw is None:
            continue
        await handle(raw)  # an exception leaves the message unseen for the next round
        await _checked(f"store {uid}", client.uid("store", uid, "+FLAGS.SILENT", r"(\Seen)"))
        done += 1
    return done


async def poll_mailbox(
    url: str,
    handle: Callable[[bytes], Awaitable[object]],
    *,
    once: bool = False,
    idle_timeout: float = 300.0,
    stop: asyncio.Event | None = None,
    timeout: float = 30.0,  # noqa: ASYNC109 - each IMAP command's, handed to the library
    waiting: asyncio.Event | None = None,
) -> int:
    """Hand every unseen message to `handle`, then wait for more (IDLE, or a poll every 30 s).

    `waiting` is set each time the mailbox has been read through and the poller waits for new mail.
    """
    box = MailboxUrl.parse(url)
    client = await _connect(box, timeout)
    handed = 0
    try:
        while True:
            handed += await _hand_over(client, handle)
            if once or (stop is not None and stop.is_set()):
                return handed
            await _wait_for_mail(client, idle_timeout, stop, waiting)
    finally:
        with contextlib.suppress(Exception):
            await client.logout()


async def _wait_for_mail(
    client: aioimaplib.IMAP4, idle_timeout: float, stop: asyncio.Event | None, waiting: asyncio.Event | None
) -> None:
    if not client.has_capability("IDLE"):
        if waiting is not None:
            waiting.set()
        await _sleep_or_stop(POLL_WITHOUT_IDLE_S, stop)
        return
    idle = await client.idle_start(timeout=idle_timeout)
    if waiting is not None:
        waiting.set()
    try:
        waiting = asyncio.ensure_future(client.wait_server_push(timeout=idle_timeout))
        stopping = asyncio.ensure_future(stop.wait()) if stop is not None else None
        tasks = [t for t in (waiting, stopping) if t is not None]
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            task.cancel()
    finally:
        client.idle_done()
        with contextlib.suppress(asyncio.TimeoutError, TimeoutError):
            await asyncio.wait_for(idle, timeout=10)


async def _sleep_or_stop(seconds: float, stop: asyncio.Event | None) -> None:
    if stop is None:
        await asyncio.sleep(seconds)
        return
    with contextlib.suppress(asyncio.TimeoutError, TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
