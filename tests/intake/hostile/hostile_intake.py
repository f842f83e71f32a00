"""One running intake for the whole hostile corpus: `eci worker` and `eci intake serve` as deployed, in
processes of their own, on the session's Temporal dev server, with the strict sender policy (`dkim`),
DNS answered from a local table, a small parse-memory limit and a quick retry."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dkim
import pytest
from corpus import OFFICIAL, REGION, Sent
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fixtures_intake import INTAKE_ADDRESS, KEY
from fixtures_temporal import BIN, WorkerProcess

from domain.contacts import Contact, ContactRole
from notifications.sink import SinkHandle, free_port, start_maildir_sink

SELECTOR = b"s1"
DOMAIN = b"sakha.example"
PARSE_MEMORY_MB = 96  # a 1 MB reply parses within it; a 20 MB one does not
RSS_BOUND_MB = 500


@dataclass
class RunningIntake:
    """The intake under attack, and what the test needs to talk to it."""

    env: dict[str, str]
    process: subprocess.Popen[bytes]
    port: int
    receipts: SinkHandle
    private_key: bytes

    def send(self, sent: Sent, *, sign: bool) -> bytes:
        """Deliver over SMTP as a sending mail server does (smtplib: EHLO, MAIL FROM, RCPT TO, DATA);
        the bytes sent (DKIM-signed by the official's domain when `sign`)."""
        import smtplib

        raw = sent.raw
        if sign:
            header = dkim.sign(
                raw, SELECTOR, DOMAIN, self.private_key, include_headers=[b"from", b"to", b"subject"]
            )
            raw = header + raw
        with smtplib.SMTP("127.0.0.1", self.port, local_hostname="mx.sender.example", timeout=60) as smtp:
            smtp.sendmail(sent.mail_from, [sent.rcpt_to], raw)
        return raw

    def rss_mb(self) -> float:
        """The intake process's resident memory (its parser processes are bounded on their own)."""
        import psutil

        return float(psutil.Process(self.process.pid).memory_info().rss) / 2**20


def _key() -> tuple[bytes, str]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    import base64

    return pem, base64.b64encode(public).decode()


def _prepare_store(env: dict[str, str]) -> None:
    from fixtures_identity import EVERY_ROLE, TESTER_NAME

    from config.settings import Settings
    from eci.identity.principal import found, os_login
    from store.contacts import replace_contacts
    from store.event_store import EventStore

    settings = Settings(data_dir=Path(env["ECI_DATA_DIR"]), key_dir=Path(env["ECI_KEY_DIR"]))
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with EventStore.open(settings.effective_database_url) as store:
        found(store, settings, os_login(), TESTER_NAME, EVERY_ROLE)  # the intake seals with this key
        replace_contacts(
            store,
            [Contact(participant=REGION, role=ContactRole.RESPONSIBLE, full_name="Орлова", email=OFFICIAL)],
        )


def _until_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    import socket

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the intake exited with status {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("the intake did not start listening")


@pytest.fixture(scope="module")
def hostile_intake(temporal_server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningIntake]:
    folder = tmp_path_factory.mktemp("hostile")
    receipts = start_maildir_sink(folder / "receipts", port=free_port())
    pem, public = _key()
    answers = folder / "dns.json"
    answers.write_text(json.dumps({"s1._domainkey.sakha.example TXT": [f"v=DKIM1; k=rsa; p={public}"]}))
    port = free_port()
    env = {
        "ECI_DATA_DIR": str(folder / "data"),
        "ECI_KEY_DIR": str(folder / "keys"),
        "ECI_TEMPORAL_ADDRESS": temporal_server.address,
        "ECI_TEMPORAL_TASK_QUEUE": f"eci-hostile-{uuid.uuid4().hex[:12]}",
        "ECI_SMTP_PORT": str(receipts.port),
        "ECI_SMTP_RATE_PER_SECOND": "0",
        "ECI_INTAKE_ADDRESS": INTAKE_ADDRESS,
        "ECI_INTAKE_SECRET": f"{KEY.key_id}:{KEY.secret.hex()}",
        "ECI_INTAKE_PORT": str(port),
        "ECI_INTAKE_SENDER_POLICY": "dkim",
        "ECI_INTAKE_DNS_ANSWERS": str(answers),
        "ECI_INTAKE_PARSE_MEMORY_MB": str(PARSE_MEMORY_MB),
        "ECI_INTAKE_RETRY_SECONDS": "1",
    }
    _prepare_store(env)
    worker = WorkerProcess(env)
    worker.spawn()
    for attempt in range(4):  # a loaded machine may take a while to start a worker
        try:
            asyncio.run(worker.until_polling())
            break
        except TimeoutError:
            if attempt == 3:
                raise
    intake = subprocess.Popen(
        [str(BIN / "eci"), "intake", "serve"], env={**os.environ, **env},
        stdout=subprocess.DEVNULL, stderr=open(folder / "intake.log", "wb"),  # noqa: SIM115
    )  # fmt: skip
    try:
        _until_listening(port, intake)
        yield RunningIntake(env, intake, port, receipts, pem)
    finally:
        intake.terminate()
        try:
            intake.wait(20)
        except subprocess.TimeoutExpired:
            intake.kill()
        worker.stop()
        receipts.stop()


def run(coro):  # noqa: ANN001, ANN201 - a test helper
    """Run a coroutine to its end (the module's tests are synchronous: the intake is a process)."""
    return asyncio.run(coro)
