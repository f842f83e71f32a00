# ruff: noqa: E501 - the hostile messages read best one per line
"""Replies by mail through the embedded intake, against the CLI's in-process submission of the same documents.

    .venv/bin/python bench/bench_intake.py [--quick|--smoke]

A fresh dev server and, as deployed, `eci worker` and `eci intake serve` in processes of their own, with
a sink for the receipts; this process plays the CLI. Each reply carries a 1 MB PDF and the details block; the
baseline submits the same file with `eci.actions.submit` (what `eci submit` runs) to as many other
obligations in the same run. Figures: replies per second from the first SMTP send to the last receipt
recorded, their ratio to the baseline, the p95 from SMTP accept to receipt sent, and the process's RSS
growth over the run (attachments go to the store, not into memory that stays). Then the hostile phase:
each of a set of hostile messages (a zip bomb, a «billion laughs» form, 3,000 nested parts, 10,000 parts,
bad base64, an executable, a 20 MB PDF past the parse memory) is sent, and right after it a legitimate
reply; `hostile_then_legit_p95_seconds` is the p95 from that reply's send to its receipt.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.policy import default
from email.utils import make_msgid
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from acting_user import enroll  # noqa: E402
from sizes import Size, add_size_options, size_of  # noqa: E402

from activities.cycle import start_obligations  # noqa: E402
from config.settings import Settings  # noqa: E402
from demo.sample_pdf import sample_pdf  # noqa: E402
from domain.actors import Actor  # noqa: E402
from domain.contacts import Contact, ContactRole  # noqa: E402
from domain.documents import DocumentDetails, DocumentKind  # noqa: E402
from domain.intake.token import make_token, reply_address  # noqa: E402
from domain.obligation.id import ObligationId, streams_prefix
from domain.obligation.plan import obligations_for_cycle  # noqa: E402
from domain.obligation.start import terms_for  # noqa: E402
from eci import actions  # noqa: E402
from eci.identity.principal import Principal  # noqa: E402
from eci.runtime.devserver import start_dev_server  # noqa: E402
from eci.runtime.temporal_client import connect  # noqa: E402
from notifications.intake_keys import load_intake_keys  # noqa: E402
from notifications.sink import free_port  # noqa: E402
from store.contacts import replace_contacts  # noqa: E402
from store.event_store import EventStore  # noqa: E402

CYCLE = 2027
INTAKE = "sdacha@minzdrav.example"
PDF = sample_pdf(1_000_000)
SINK = (
    "import sys, threading; from pathlib import Path; from notifications.sink import start_maildir_sink; "
    "start_maildir_sink(Path(sys.argv[1]), port=int(sys.argv[2])); threading.Event().wait()"
)
DETAILS = "Вид документа: приказ\nНомер: 12-п\nДата: 10.02.2026\nКем издан: Министерство\n"


def line(metric: str, value: float, unit: str, baseline: float | None, target: str) -> None:
    ratio = round(value / baseline, 3) if baseline else None
    print(json.dumps({
        "bench": "intake", "metric": metric, "value": round(value, 3), "unit": unit,
        "baseline": round(baseline, 3) if baseline else None, "ratio": ratio, "target": target,
    }, ensure_ascii=False))  # fmt: skip


def official(region: str) -> str:
    return f"region{region}@mail.example"


def reply(settings: Settings, oid: str, region: str) -> tuple[bytes, str]:

    keys = load_intake_keys(settings.intake_secret, settings.intake_key_file)
    to = reply_address(INTAKE, make_token(ObligationId.parse(oid), official(region), keys.current))
    message = EmailMessage(policy=default)
    message["From"] = official(region)
    message["To"] = to
    message["Subject"] = "Re: Напоминание"
    message["Message-ID"] = make_msgid(domain="mail.example")
    message.set_content(f"Добрый день!\n\n{DETAILS}")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="prikaz.pdf")
    return message.as_bytes(policy=SMTP_POLICY), to  # CRLF, as it arrives


# The regions' mail servers, in a child process: the messages are dot-stuffed when written (before
# anything is timed), and the sender only speaks SMTP and copies bytes, as a mail server written in C
# does at next to no cost; a Python client re-encoding 1 MB per message would take CPU from the intake
# on this very machine and measure itself.
SENDER = """
import asyncio, json, sys, time
from pathlib import Path

async def answer(reader, expect):
    while True:
        line = await reader.readline()
        if line[3:4] != b"-":
            break
    if not line.startswith(expect):
        raise SystemExit(f"the intake answered {line!r}")

async def connection(paths, port, started):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await answer(reader, b"220")
    writer.write(b"EHLO mail.example\\r\\n")
    await answer(reader, b"250")
    for path in paths:
        wire = path.read_bytes()
        _, sender, to, sha = path.stem.split("--")
        started["intake/" + sha] = time.time()
        steps = ((f"MAIL FROM:<{sender}>", b"250"), (f"RCPT TO:<{to}>", b"250"), ("DATA", b"354"))
        for command, expect in steps:
            writer.write(command.encode() + b"\\r\\n")
            await answer(reader, expect)
        writer.write(wire)
        await answer(reader, b"250")
    writer.write(b"QUIT\\r\\n")
    await answer(reader, b"221")
    writer.close()

async def main(folder, port, connections):
    paths = sorted(Path(folder).glob("*.wire"))
    started = {}
    await asyncio.gather(*(connection(paths[n::connections], port, started) for n in range(connections)))
    print(json.dumps(started))

asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
"""
# A sending mail server delivers over a few connections at once (Postfix allows 20 per destination).
SENDER_CONNECTIONS = 4


def on_the_wire(raw: bytes) -> bytes:
    """The DATA a mail server sends: a leading dot of any line doubled (RFC 5321 §4.5.2), then `.`."""
    stuffed = (b"." + raw if raw.startswith(b".") else raw).replace(b"\r\n.", b"\r\n..")
    return stuffed + (b"" if stuffed.endswith(b"\r\n") else b"\r\n") + b".\r\n"


def _hostile(settings: Settings, oid: str, region: str, kind: str) -> bytes:
    """One hostile message as its sender's mail server delivers it (CRLF)."""
    import io
    import zipfile

    from domain.obligation.id import ObligationId

    keys = load_intake_keys(settings.intake_secret, settings.intake_key_file)
    to = reply_address(INTAKE, make_token(ObligationId.parse(oid), official(region), keys.current))
    message = EmailMessage(policy=default)
    message["From"], message["To"], message["Subject"] = official(region), to, "Re: Напоминание"
    message["Message-ID"] = make_msgid(domain="mail.example")
    message.set_content(f"Добрый день!\n\n{DETAILS}")
    if kind == "nested":
        head = f"From: {official(region)}\r\nTo: {to}\r\nSubject: x\r\nMIME-Version: 1.0\r\n".encode()
        body = b"".join(b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i) for i in range(3000))
        return head + body + b"Content-Type: text/plain\r\n\r\nhi\r\n"
    if kind == "bomb":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", b"\0" * 120_000_000)
        message.add_attachment(buffer.getvalue(), maintype="application", subtype="octet-stream",
                               filename="prikaz.docx")  # fmt: skip
    elif kind == "laughs":
        lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
        message.add_attachment(("\n".join(lines) + "\nanswers: *a9\n").encode(), maintype="application",
                               subtype="yaml", filename="forma.yaml")  # fmt: skip
    elif kind == "exe":
        message.add_attachment(b"MZ" + b"\0" * 300_000, maintype="application", subtype="octet-stream",
                               filename="setup.exe")  # fmt: skip
    elif kind == "big":
        message.add_attachment(sample_pdf(20_000_000), maintype="application", subtype="pdf", filename="big.pdf")
    elif kind == "parts":
        for n in range(2_000):
            message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename=f"p{n}.pdf")
    raw = message.as_bytes(policy=SMTP_POLICY)
    if kind == "base64":
        message.add_attachment(sample_pdf(), maintype="application", subtype="pdf", filename="prikaz.pdf")
        raw = message.as_bytes(policy=SMTP_POLICY)
        cut = raw.rindex(b"\r\n\r\n") + 4
        raw = raw[:cut] + b"JVBERi0x!!!!not base64####\r\n" + raw[cut + 120 :]
    return raw


HOSTILE_KINDS = ("bomb", "laughs", "nested", "parts", "base64", "exe", "big")


async def hostile_then_legit(settings: Settings, oids: list[str]) -> float:
    """The p95 from a legitimate reply's send, right after a hostile one, to its receipt."""
    import smtplib

    latencies: list[float] = []
    with EventStore.open(settings.effective_database_url) as store:
        for n, (hostile_oid, oid) in enumerate(zip(oids[::2], oids[1::2], strict=False)):
            kind = HOSTILE_KINDS[n % len(HOSTILE_KINDS)]
            region = hostile_oid.rsplit("/", 1)[1]
            raw = await asyncio.to_thread(_hostile, settings, hostile_oid, region, kind)
            good, to = reply(settings, oid, oid.rsplit("/", 1)[1])
            stream = "intake/" + hashlib.sha256(good).hexdigest()

            hostile_to, sender = to_of(settings, hostile_oid), official(oid.rsplit("/", 1)[1])

            def send(raw: bytes = raw, good: bytes = good, to: str = to, hostile_to: str = hostile_to,
                     region: str = region, sender: str = sender) -> float:  # fmt: skip
                with smtplib.SMTP("127.0.0.1", settings.intake_port, timeout=120) as smtp:
                    smtp.sendmail(official(region), [hostile_to], raw)
                    began = time.time()
                    smtp.sendmail(sender, [to], good)
                return began

            began = await asyncio.to_thread(send)
            while not any(r.type == "IntakeReceiptSent" for r in store.read_stream(stream)):  # noqa: ASYNC110
                await asyncio.sleep(0.02)
            receipt = next(r for r in store.read_stream(stream) if r.type == "IntakeReceiptSent")
            latencies.append(receipt.recorded_at.timestamp() - began)
    return statistics.quantiles(latencies, n=20)[18] if len(latencies) > 1 else latencies[0]


def to_of(settings: Settings, oid: str) -> str:
    from domain.obligation.id import ObligationId

    keys = load_intake_keys(settings.intake_secret, settings.intake_key_file)
    return reply_address(INTAKE, make_token(ObligationId.parse(oid), official(oid.rsplit("/", 1)[1]), keys.current))


def _write_replies(settings: Settings, oids: list[str], folder: Path) -> None:
    folder.mkdir()
    for n, oid in enumerate(oids):
        region = oid.rsplit("/", 1)[1]
        raw, to = reply(settings, oid, region)
        sha = hashlib.sha256(raw).hexdigest()
        (folder / f"{n:05d}--{official(region)}--{to}--{sha}.wire").write_bytes(on_the_wire(raw))


async def intake_path(settings: Settings, oids: list[str], folder: Path) -> tuple[float, float]:
    """Replies per second (first send to last receipt) and the p95 from a reply's send to its receipt.

    A child process plays the regions' mail server, so its CPU is not this process's.
    """
    await asyncio.to_thread(_write_replies, settings, oids, folder)
    began = time.time()
    sender = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        SENDER,
        str(folder),
        str(settings.intake_port),
        str(SENDER_CONNECTIONS),
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await sender.communicate()
    started: dict[str, float] = json.loads(out)
    with EventStore.open(settings.effective_database_url) as store:
        receipts: dict[str, float] = {}
        while len(receipts) < len(oids):
            for recorded in store.read_prefix("intake/"):
                if recorded.type == "IntakeReceiptSent":
                    receipts[recorded.stream] = recorded.recorded_at.timestamp()
            await asyncio.sleep(0.05)
        outcomes = [r for r in store.read_prefix("intake/") if r.type == "IntakeMailSubmitted"]
    assert len(outcomes) == len(oids), f"{len(outcomes)} of {len(oids)} replies submitted"
    elapsed = max(receipts.values()) - began
    latencies = [receipts[stream] - at for stream, at in started.items()]
    return len(oids) / elapsed, statistics.quantiles(latencies, n=20)[18]


async def cli_path(settings: Settings, oids: list[str], doc: Path, by: Principal) -> float:
    details = DocumentDetails(kind=DocumentKind.ORDER, number="12-п", date=dt.date(2026, 2, 10), issuer="M")
    upload = actions.DocumentUpload(details=details, path=doc)
    began = time.perf_counter()
    for oid in oids:
        await actions.submit(settings, Actor.parse(f"region:{oid.rsplit('/', 1)[1]}"), oid, [upload], by=by)
    return len(oids) / (time.perf_counter() - began)


async def _until_opened(store: EventStore, count: int) -> None:
    while sum(1 for _ in store.read_prefix(streams_prefix())) < count:  # noqa: ASYNC110 - polling the store
        await asyncio.sleep(0.2)


def _env(settings: Settings) -> dict[str, str]:
    """The environment of the deployment's own processes (worker, intake) for these settings."""
    return {
        **os.environ,
        "ECI_DATA_DIR": str(settings.data_dir),
        "ECI_TEMPORAL_ADDRESS": settings.temporal_address,
        "ECI_TEMPORAL_TASK_QUEUE": settings.temporal_task_queue,
        "ECI_SMTP_PORT": str(settings.smtp_port),
        "ECI_SMTP_RATE_PER_SECOND": "0",
        "ECI_INTAKE_ADDRESS": INTAKE,
        "ECI_INTAKE_PORT": str(settings.intake_port),
        "ECI_INTAKE_SECRET": settings.intake_secret or "",
        "ECI_KEY_DIR": str(settings.key_dir),
    }


async def _until_listening(port: int, process: asyncio.subprocess.Process) -> None:
    while True:
        if process.returncode is not None:
            raise SystemExit(f"the intake exited with status {process.returncode}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        writer.close()
        return


async def main(size: Size) -> None:
    count = int(os.environ.get("BENCH_INTAKE_COUNT", size.pick(1000, 40, 4)))
    # Hostile messages, each followed by a legitimate reply: two obligations apiece.
    hostile = 2 * size.pick(4 * len(HOSTILE_KINDS), len(HOSTILE_KINDS), 2)
    plan = [o for o in obligations_for_cycle(CYCLE) if o.participant.isdigit()]
    chosen = plan[: 2 * count + hostile]
    eci = str(Path(sys.executable).parent / "eci")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        server = start_dev_server(data / "temporal.sqlite3", "127.0.0.1", free_port())
        sink_port = free_port()
        sink = subprocess.Popen(  # noqa: ASYNC220 - started once, before anything is measured
            [sys.executable, "-c", SINK, str(data / "receipts"), str(sink_port)]
        )
        settings = Settings(
            data_dir=data, temporal_address=server.address, temporal_task_queue="bench",
            smtp_port=sink_port, smtp_rate_per_second=0, intake_address=INTAKE, intake_port=free_port(),
            intake_secret="k1:" + "5a" * 32, key_dir=data / "keys",
        )  # fmt: skip
        me = enroll(settings)
        # As deployed: the worker and the intake in processes of their own; this process is the CLI.
        worker = await asyncio.create_subprocess_exec(eci, "worker", env=_env(settings))
        try:
            with EventStore.open(settings.effective_database_url) as store:
                regions = sorted({o.participant for o in chosen})
                contacts = [Contact(participant=r, role=ContactRole.RESPONSIBLE, full_name=f"Отв. {r}",
                                    email=official(r)) for r in regions]  # fmt: skip
                replace_contacts(store, contacts)
            client = await connect(settings)
            await _until_worker(settings)
            await start_obligations(client, settings.temporal_task_queue, [terms_for(o) for o in chosen])
            with EventStore.open(settings.effective_database_url) as store:
                await _until_opened(store, len(chosen))
            doc = data / "prikaz.pdf"
            doc.write_bytes(PDF)
            baseline = await cli_path(settings, [str(o.id) for o in chosen[count : 2 * count]], doc, me)
            intake = await asyncio.create_subprocess_exec(
                eci, "intake", "serve", env=_env(settings), stdout=asyncio.subprocess.DEVNULL
            )
            try:
                await _until_listening(settings.intake_port, intake)
                rss_before = psutil.Process(intake.pid).memory_info().rss
                rate, p95 = await intake_path(settings, [str(o.id) for o in chosen[:count]], data / "out")
                rss_after = psutil.Process(intake.pid).memory_info().rss
                hostile_p95 = await hostile_then_legit(settings, [str(o.id) for o in chosen[2 * count :]])
                rss_hostile = psutil.Process(intake.pid).memory_info().rss
            finally:
                intake.terminate()
                await intake.wait()
            line("replies_per_s", rate, "1/s", baseline, "ratio >= 0.5 to eci submit's in-process path")
            line("accept_to_receipt_p95_seconds", p95, "s", None, "< 5 s")
            line(
                "intake_rss_growth_mib", (rss_after - rss_before) / 2**20, "MiB", rss_before / 2**20,
                f"bounded: {count} replies of 1 MB do not stay in memory",
            )  # fmt: skip
            line("hostile_then_legit_p95_seconds", hostile_p95, "s", p95, "< 10 s: hostile mail does not slow the next reply")
            line("intake_rss_after_hostile_mib", rss_hostile / 2**20, "MiB", rss_before / 2**20, "< 500 MiB")
        finally:
            worker.terminate()
            await worker.wait()
            sink.terminate()
            sink.wait()
            server.stop()


async def _until_worker(settings: Settings) -> None:
    from eci.errors import EciError
    from eci.runtime.temporal_client import require_worker

    client = await connect(settings)
    for _ in range(600):
        try:
            await require_worker(client, settings)
            return
        except EciError:
            await asyncio.sleep(0.1)
    raise SystemExit("the worker did not start polling")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    add_size_options(parser, "40 replies (well under a minute)")
    asyncio.run(main(size_of(parser.parse_args())))
