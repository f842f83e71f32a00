"""The intake's block reader of SMTP DATA gives exactly what aiosmtpd's line reader gives: the end at a
lone dot line (wherever the packets split), leading dots removed, an oversized message drained."""

from __future__ import annotations

import asyncio

import pytest

from eci.intake.smtp_data import read_data


async def read(packets: list[bytes], limit: int | None = None) -> tuple[bytes | None, bytes]:
    """What `read_data` returns for these packets, and what it left for the next command."""
    reader = asyncio.StreamReader(limit=1001)  # aiosmtpd's line length limit
    for packet in packets:
        reader.feed_data(packet)
    reader.feed_eof()
    data = await read_data(reader, limit)
    return data, await reader.read()


def split_everywhere(wire: bytes) -> list[list[bytes]]:
    return [[wire[:i], wire[i:]] for i in range(1, len(wire))]


@pytest.mark.parametrize(
    ("wire", "message"),
    [
        (b".\r\n", b""),
        (b"\r\n.\r\n", b"\r\n"),
        (b"a\r\n.\r\n", b"a\r\n"),
        (
            "Subject: x\r\n\r\nКонец.\r\nещё.\r\n.\r\n".encode(),
            "Subject: x\r\n\r\nКонец.\r\nещё.\r\n".encode(),
        ),
        (b"..\r\n.\r\n", b".\r\n"),
        (b"a\r\n..b\r\n...\r\n.\r\n", b"a\r\n.b\r\n..\r\n"),
        (b"x.\r\n.\r\n", b"x.\r\n"),
    ],
)
def test_the_message_ends_at_a_lone_dot_line_and_loses_its_stuffed_dots(wire: bytes, message: bytes) -> None:
    for packets in [[wire], *split_everywhere(wire)]:
        data, left = asyncio.run(read([*packets, b"QUIT\r\n"]))
        assert data == message, packets
        assert left == b"QUIT\r\n", "what follows the message stays for the next command"


def test_a_large_body_without_dots_comes_through_whole() -> None:
    body = b"".join(b"QUJD" * 19 + b"\r\n" for _ in range(20_000))  # 1.5 MB of base64 lines
    packets = [body[i : i + 65536] for i in range(0, len(body), 65536)]
    data, left = asyncio.run(read([*packets, b".\r\nQUIT\r\n"]))
    assert data == body
    assert left == b"QUIT\r\n"


def test_an_oversized_message_is_drained_and_refused() -> None:
    body = b"x" * 5000 + b"\r\n"
    data, left = asyncio.run(read([body, b".\r\n", b"RSET\r\n"], limit=1000))
    assert data is None
    assert left == b"RSET\r\n"


def test_a_line_longer_than_the_readers_limit_comes_through_whole() -> None:
    body = b"x" * 5000 + b".\r\n" + b"y" * 3000 + b"\r\n"
    data, left = asyncio.run(read([body[:4000], body[4000:], b".\r\n"]))
    assert data == body
    assert left == b""
