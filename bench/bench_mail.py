"""Benchmark: one morning of reminders (2,500) through the outbox path to a local aiosmtpd.

Figures: messages per second through the full path (contacts lookup in the store, rendering, recording
in the outbox, SMTP delivery, marking sent), and as baseline, measured in the same run against the same
server, raw aiosmtplib sends of one fixed pre-built message over one connection; peak RSS of this process.
The rate limit is off for both (it would measure the limit, not the path). The server runs in a child
process, filing into a Maildir, so it does not share this process's interpreter.
Usage: python bench/bench_mail.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiosmtplib
from sizes import add_size_options, size_of

from config.settings import Settings
from domain.contacts import Contact, ContactRole
from domain.obligation.notices import NoticeKind, NoticeRequest
from domain.obligation.plan import obligations_for_cycle
from notifications.sink import free_port, port_in_use
from notifications.stack import MailStack
from store.contacts import replace_contacts

SINK = (
    "import sys, threading; from pathlib import Path; from notifications.sink import start_maildir_sink; "
    "start_maildir_sink(Path(sys.argv[1]), port=int(sys.argv[2])); threading.Event().wait()"
)
CONCURRENCY = 32


def _requests(count: int) -> list[NoticeRequest]:
    found: list[NoticeRequest] = []
    for days in (30, 14, 7, 1):
        for o in obligations_for_cycle(2023):
            found.append(NoticeRequest(
                obligation_id=str(o.id), kind=NoticeKind.REMINDER, step=f"reminder-{days}-{o.effective_due}",
                days=days, due=o.due, effective_due=o.effective_due,
            ))  # fmt: skip
            if len(found) == count:
                return found
    return found


def _contacts() -> list[Contact]:
    participants = sorted({o.participant for o in obligations_for_cycle(2023)})
    return [
        Contact(participant=p, role=ContactRole.RESPONSIBLE, full_name=f"Ответственный {n}",
                email=f"region{n}@example.ru")
        for n, p in enumerate(participants)
    ]  # fmt: skip


async def _outbox_path(settings: Settings, requests: list[NoticeRequest]) -> float:
    stack = MailStack.from_settings(settings)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(request: NoticeRequest) -> None:
        async with gate:
            result = await stack.notifier.send_notice(request)
            assert result.message_ids, result

    try:
        start = time.perf_counter()
        await asyncio.gather(*(one(r) for r in requests))
        return len(requests) / (time.perf_counter() - start)
    finally:
        await stack.aclose()


async def _raw(port: int, count: int) -> float:
    template = (
        "From: eci@example.ru\r\nTo: region@example.ru\r\n"
        "Subject: =?utf-8?b?0J3QsNC/0L7QvNC40L3QsNC90LjQtQ==?=\r\n"
        "Message-ID: <raw.{n}@example.ru>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + ("x" * 76 + "\r\n") * 90
    )
    messages = [template.format(n=n).encode() for n in range(count)]
    async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False) as smtp:
        start = time.perf_counter()
        for raw in messages:
            await smtp.sendmail("eci@example.ru", ["region@example.ru"], raw)
        return count / (time.perf_counter() - start)


def main() -> None:
    """Run the benchmark and print one JSON line per figure."""
    parser = argparse.ArgumentParser()
    add_size_options(parser, "one round of 2,500 (well under a minute)")
    size = size_of(parser.parse_args())
    count = size.pick(2500, 2500, 50)
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        sink = subprocess.Popen([sys.executable, "-c", SINK, str(Path(tmp) / "mail"), str(port)])
        try:
            while not port_in_use("127.0.0.1", port):
                time.sleep(0.05)
            settings = Settings(data_dir=Path(tmp), smtp_port=port, smtp_rate_per_second=0)
            stack = MailStack.from_settings(settings)
            replace_contacts(stack.store, _contacts())
            stack.store.close()
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            rounds = size.pick(3, 1, 1)
            raw = max(asyncio.run(_raw(port, count)) for _ in range(rounds))
            rate = 0.0
            for n in range(rounds):
                requests = [r.model_copy(update={"step": f"{r.step}-{n}"}) for r in _requests(count)]
                rate = max(rate, asyncio.run(_outbox_path(settings, requests)))
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        finally:
            sink.terminate()
            sink.wait()
    print(json.dumps({
        "bench": "mail", "metric": "reminders_through_outbox_per_s", "value": round(rate),
        "unit": "messages/s",
        "baseline": round(raw), "ratio": round(rate / raw, 3),
        "target": "ratio >= 0.5 to raw aiosmtplib sends of a fixed message",
    }, ensure_ascii=False))  # fmt: skip
    print(json.dumps({
        "bench": "mail", "metric": "peak_rss", "value": round(peak / 1024), "unit": "MB",
        "baseline": round(rss_before / 1024), "ratio": round(peak / rss_before, 3),
        "target": f"bounded: {count} messages do not hold their bytes in memory",
    }, ensure_ascii=False))  # fmt: skip


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
