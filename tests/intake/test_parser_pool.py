"""The parser processes: a parse that crashes its process, hangs past the timeout, raises an exception
that cannot be pickled or runs out of its memory gets a plain failure, its process is replaced, and
the next message is read as usual: the pool never stays broken."""

from __future__ import annotations

import pytest
from fixtures_intake import reply

from domain.intake.events import FailureCause
from eci.intake.incoming import IncomingMail
from eci.intake.limits import ParseLimits
from eci.intake.parser_pool import ParseFailure, ParserPool


def _with_subject(subject: str) -> bytes:
    return reply().replace(b"Subject: ", f"Subject: {subject} ".encode(), 1)


@pytest.mark.parametrize(
    ("subject", "cause"),
    [
        ("crash", FailureCause.CRASH),
        ("hang", FailureCause.TIMEOUT),
        ("unpicklable", FailureCause.ERROR),
        ("hog", FailureCause.MEMORY),
    ],
)
async def test_a_failed_parse_is_a_plain_failure_and_the_next_message_is_read(
    subject: str, cause: FailureCause
) -> None:
    pool = ParserPool(1, timeout=3.0, memory_mb=200, target="pool_targets:misbehave")
    try:
        assert isinstance(await pool.parse(reply(), (), ParseLimits()), IncomingMail)
        failed = await pool.parse(_with_subject(subject), (), ParseLimits())
        assert failed == ParseFailure(cause)
        assert pool.replaced == 1
        for _ in range(2):
            assert isinstance(await pool.parse(reply(), (), ParseLimits()), IncomingMail)
    finally:
        pool.close()
