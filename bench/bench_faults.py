"""Load and faults on the production topology as processes.

PostgreSQL holds the event store, a Temporal dev server stands in for the cluster, two `eci worker`
processes share one task queue, and a counting SMTP server takes the mail. The bench opens a cycle,
sends concurrent submissions and acceptances through the same action path as the CLI, and meanwhile
kills a worker, restarts PostgreSQL and restarts the Temporal server. Then it checks that the chain
verifies, that every obligation has exactly the events it should, and that no mail arrived twice.

    python bench/bench_faults.py [--quick|--smoke]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path
from typing import Any

from acting_user import enroll
from aiosmtpd.controller import Controller
from sizes import Size, add_size_options, size_of
from sqlalchemy import create_engine, text

from config.settings import Settings
from domain.actors import Actor
from domain.contacts import Contact, ContactRole
from domain.documents import DocumentDetails, DocumentKind
from domain.identity.events import user_stream
from domain.obligation.plan import obligations_for_cycle
from eci import actions
from eci.errors import EciError
from eci.runtime.devserver import start_dev_server
from store.contacts import replace_contacts
from store.migrate import upgrade
from store.pg_server import PgServer, start_server

BIN = Path(sys.executable).parent
CYCLE = 2027  # deadlines ahead: the only mail is what the actions cause
COORDINATOR = Actor.parse("coordinator")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class CountingHandler:
    """An SMTP server that counts every delivery by Message-ID (duplicates included)."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content)
        self.received[str(message["Message-ID"])] += 1
        return "250 OK"


def restart_postgres(pg: PgServer) -> float:
    """Stop PostgreSQL (fast: connections cut) and start it again on the same port and data."""
    began = time.monotonic()
    data = str(pg.root / "data")
    subprocess.run(pg._cmd("pg_ctl", "-D", data, "-m", "fast", "-w", "stop"), check=True, capture_output=True)
    options = f"-p {pg.port} -k {pg.root} -c listen_addresses=127.0.0.1 -c max_connections=200"
    subprocess.run(
        pg._cmd("pg_ctl", "-D", data, "-o", options, "-l", str(pg.root / "log"), "-w", "start"),
        check=True,
        capture_output=True,
    )
    return time.monotonic() - began


def spawn_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(BIN / "eci"), "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


async def with_retries(call: Any, counts: Counter[str], attempts: int = 40) -> Any:
    """Retry an action across the outages the bench causes, as an operator would rerun a command."""
    for attempt in range(attempts):
        try:
            return await call()
        except EciError as exc:
            message = str(exc)
            if "already" in message or "not awaiting" in message or "accepted" in message:
                counts["rejected_as_done"] += 1  # an earlier try went through before the outage hid it
                return None
            counts["retried"] += 1
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(0.5)
    return None


def event_counts(url: str) -> dict[str, Counter[str]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT stream, type FROM events")).all()
    finally:
        engine.dispose()
    by_stream: dict[str, Counter[str]] = {}
    for stream, kind in rows:
        by_stream.setdefault(stream, Counter())[kind] += 1
    return by_stream


def wrong_streams(
    by_stream: dict[str, Counter[str]],
    obligations: set[str],
    submitted: set[str],
    accepted: set[str],
    login: str,
) -> list[str]:
    """The streams whose events are not exactly those the bench caused, each judged by its own rule.

    An obligation's stream has its opening once, and one submission, and one acceptance (which closes
    it), where the bench made them; the bench's user's stream has their addition and their key (enrolled
    once, before any fault); no other stream may exist: nothing here mails a reply or files a form.
    """
    wrong = [s for s in obligations if s not in by_stream]  # an obligation that recorded nothing
    for stream, kinds in by_stream.items():
        if stream in obligations:
            expected = Counter({"ObligationOpened": 1})
            expected["DocumentSubmitted"] = 1 if stream in submitted else 0
            expected["SubmissionAccepted"] = expected["ObligationClosed"] = 1 if stream in accepted else 0
        elif stream == user_stream(login):
            expected = Counter({"UserAdded": 1, "UserKeyRegistered": 1})
        else:
            expected = Counter()
        if +kinds != +expected:
            wrong.append(stream)
    return sorted(wrong)


async def until_polling(settings: Settings) -> None:
    """Wait until a worker polls the task queue, so start-up time is not counted as throughput."""
    from eci.runtime.temporal_client import connect, require_worker

    client = await connect(settings)
    deadline = time.monotonic() + 120
    while True:
        try:
            await require_worker(client, settings)
            return
        except EciError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


async def wait_for(predicate: Any, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.5)
    return predicate()


async def run(size: Size) -> tuple[str | None, list[dict[str, Any]]]:
    """The failure found (None when every check held) and the figures, printed either way."""
    regions = size.pick(None, {"01", "05", "16", "50", "77", "78"}, {"01", "77"})
    submissions = size.pick(1000, 150, 40)
    accepts = size.pick(300, 50, 10)
    work = Path(tempfile.mkdtemp(prefix="eci-faults-"))
    pg = start_server(durable=True)
    url = pg.url()
    upgrade(url)
    handler = CountingHandler()
    smtp = Controller(handler, hostname="127.0.0.1", port=free_port())
    smtp.start()
    temporal_db = work / "temporal.sqlite3"
    server = start_dev_server(temporal_db, "127.0.0.1", free_port())
    env = {
        **os.environ,
        "ECI_DATA_DIR": str(work / "data"),
        "ECI_DATABASE_URL": url,
        "ECI_TEMPORAL_ADDRESS": server.address,
        "ECI_TEMPORAL_TASK_QUEUE": "eci-faults",
        "ECI_SMTP_PORT": str(smtp.port),
        "ECI_SMTP_RATE_PER_SECOND": "0",
        "ECI_KEY_DIR": str(work / "keys"),  # the workers seal with the enrolled user's key
    }
    settings = Settings(
        data_dir=work / "data",
        database_url=url,
        temporal_address=server.address,
        temporal_task_queue="eci-faults",
        smtp_port=smtp.port,
        key_dir=work / "keys",
    )
    me = enroll(settings)
    obligations = [
        o
        for o in obligations_for_cycle(CYCLE)
        if regions is None or not o.participant.isdigit() or o.participant in regions
    ]
    participants = sorted({o.participant for o in obligations})
    replace_contacts(
        url,
        [
            Contact(
                participant=p,
                role=ContactRole.RESPONSIBLE,
                full_name="Ответственный исполнитель",
                email=f"p{n}@example.org",
            )
            for n, p in enumerate(participants)
        ],
    )
    workers = [spawn_worker(env), spawn_worker(env)]
    counts: Counter[str] = Counter()
    figures: dict[str, float] = {}
    failure: str | None = None
    try:
        await until_polling(settings)
        began = time.monotonic()
        if regions is None:
            await with_retries(lambda: actions.open_cycle(settings, COORDINATOR, CYCLE, by=me), counts)
        else:
            from activities.cycle import start_obligations
            from domain.obligation.start import terms_for
            from eci.runtime.temporal_client import connect

            client = await connect(settings)
            await start_obligations(client, "eci-faults", [terms_for(o, "coordinator") for o in obligations])
        expected = len(obligations)
        opened = await wait_for(
            lambda: sum(1 for c in event_counts(url).values() if c["ObligationOpened"]) >= expected, 600
        )
        figures["opened_per_s"] = expected / (time.monotonic() - began)
        assert opened, "not every obligation recorded its opening"

        targets = [o for o in obligations if o.participant.isdigit()][:submissions]
        sample = work / "prikaz.pdf"
        sample.write_bytes(b"%PDF-1.4 prikaz\n")
        gate = asyncio.Semaphore(50)

        async def submit(o: Any) -> None:
            details = DocumentDetails(
                kind=DocumentKind.ORDER,
                number=f"{o.measure}-{o.participant}",
                date=dt.date(2027, 3, 1),
                issuer="Министерство социальной защиты",
            )
            upload = actions.DocumentUpload(details=details, path=sample)
            actor = Actor.parse(f"region:{o.participant}")
            async with gate:
                await with_retries(lambda: actions.submit(settings, actor, o.id, [upload], by=me), counts)

        async def faults() -> None:
            await asyncio.sleep(2)
            workers[0].kill()
            workers[0].wait()
            counts["workers_killed"] += 1
            workers.append(spawn_worker(env))
            await asyncio.sleep(3)
            figures["postgres_restart_s"] = await asyncio.to_thread(restart_postgres, pg)
            counts["postgres_restarts"] += 1
            await asyncio.sleep(3)
            t0 = time.monotonic()
            server.stop()
            restarted = start_dev_server(temporal_db, server.host, server.port)
            server.process = restarted.process
            figures["temporal_restart_s"] = time.monotonic() - t0
            counts["temporal_restarts"] += 1

        # The first fifth goes in with nothing failing: the baseline the faulted rate is compared with.
        clean, faulted = targets[: len(targets) // 5], targets[len(targets) // 5 :]
        began = time.monotonic()
        await asyncio.gather(*(submit(o) for o in clean))
        figures["clean_submissions_per_s"] = len(clean) / (time.monotonic() - began)
        began = time.monotonic()
        await asyncio.gather(faults(), *(submit(o) for o in faulted))
        figures["submissions_per_s"] = len(faulted) / (time.monotonic() - began)

        began = time.monotonic()

        async def accept(o: Any) -> None:
            async with gate:
                await with_retries(lambda: actions.accept(settings, COORDINATOR, o.id, by=me), counts)

        await asyncio.gather(*(accept(o) for o in targets[:accepts]))
        figures["accepts_per_s"] = accepts / (time.monotonic() - began)
        await wait_for(lambda: sum(handler.received.values()) >= accepts, 120)
        await asyncio.sleep(3)  # let stragglers (a retried delivery) show themselves

        by_stream = event_counts(url)
        accepted = {o.id.stream for o in targets[:accepts]}
        submitted = {o.id.stream for o in targets}
        streams = {o.id.stream for o in obligations}
        wrong = wrong_streams(by_stream, streams, submitted, accepted, me.user.login)
        verify = await asyncio.to_thread(
            subprocess.run,
            [str(BIN / "eci"), "audit", "verify", "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        report = json.loads(verify.stdout) if verify.stdout.strip() else {"ok": False}
        doubled = sum(1 for n in handler.received.values() if n > 1)
        print(
            f"obligations {expected}, submissions {len(targets)}, accepts {accepts}, "
            f"events {report.get('events')}, chain ok {report.get('ok')}, streams wrong {len(wrong)}, "
            f"mails {sum(handler.received.values())} ({len(handler.received)} distinct, {doubled} doubled), "
            f"faults {dict(counts)}"
        )
        figures["mails_doubled"] = doubled
        figures["streams_wrong"] = len(wrong)
        # The figures are printed whatever the verdict; the verdict decides the exit status.
        if not report.get("ok") or wrong or doubled:
            shown = {w: dict(by_stream.get(w, {})) for w in wrong[:5]}
            failure = f"faults bench FAILED: chain {report}, wrong streams {shown}, doubled {doubled}"
    finally:
        for w in workers:
            if w.poll() is None:
                w.terminate()
        for w in workers:
            w.wait(30)
        server.stop()
        smtp.stop()
        pg.stop()
    clean = figures["clean_submissions_per_s"]
    return failure, [
        line("opened_per_s", figures["opened_per_s"], "obligations/s", None, "every opening recorded once"),
        line("clean_submissions_per_s", clean, "submissions/s", None, ">= 60 at 50 in flight"),
        line(
            "submissions_under_faults_per_s",
            figures["submissions_per_s"],
            "submissions/s",
            clean,
            "completes; every submission recorded once",
        ),
        line("accepts_per_s", figures["accepts_per_s"], "accepts/s", clean, ">= 60"),
        line("postgres_restart_s", figures["postgres_restart_s"], "s", None, "< 5"),
        line("temporal_restart_s", figures["temporal_restart_s"], "s", None, "< 15"),
        line("mails_doubled", figures["mails_doubled"], "messages", None, "0"),
        line("streams_wrong", figures["streams_wrong"], "streams", None, "0"),
    ]


def line(metric: str, value: float, unit: str, baseline: float | None, target: str) -> dict[str, Any]:
    """One figure; `baseline` is measured in the same run (None where no like-for-like baseline exists)."""
    ratio = round(value / baseline, 3) if baseline else None
    baseline = round(baseline, 3) if baseline is not None else None
    return {
        "bench": "faults",
        "metric": metric,
        "value": round(value, 3),
        "unit": unit,
        "baseline": baseline,
        "ratio": ratio,
        "target": target,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_options(parser, "a few regions and 150 submissions")
    failure, figures = asyncio.run(run(size_of(parser.parse_args())))
    for figure in figures:
        print(json.dumps(figure, ensure_ascii=False), flush=True)
    if failure:
        raise SystemExit(failure)


if __name__ == "__main__":
    main()
