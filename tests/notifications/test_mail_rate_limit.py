"""The per-server rate limit spaces messages out after a one-second burst."""

from __future__ import annotations

import time

from notifications.rate_limit import RateLimiter, limiter_for


async def test_the_limit_lets_a_burst_through_then_spaces_the_rest() -> None:
    limiter = RateLimiter(20)
    start = time.monotonic()
    for _ in range(20):
        await limiter.acquire()
    burst = time.monotonic() - start
    for _ in range(5):
        await limiter.acquire()
    assert burst < 0.2
    assert time.monotonic() - start >= 0.24  # five more at 20/s


async def test_a_zero_rate_means_no_limit() -> None:
    limiter = RateLimiter(0)
    start = time.monotonic()
    for _ in range(1000):
        await limiter.acquire()
    assert time.monotonic() - start < 0.5


def test_senders_to_one_server_share_one_limiter() -> None:
    assert limiter_for("mx.example.ru", 25, 5) is limiter_for("mx.example.ru", 25, 5)
    assert limiter_for("mx.example.ru", 25, 5) is not limiter_for("mx.example.ru", 587, 5)
