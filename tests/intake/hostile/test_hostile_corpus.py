"""The intake as an attacker meets it: each hostile message of the corpus, written out as an .eml, is
sent over SMTP to a running `eci intake serve` and gets its outcome and receipt; right after each one a
legitimate 1 MB reply to an open obligation is submitted within seconds; the intake's memory stays
under its bound through the whole corpus."""

from __future__ import annotations

import hashlib
import mailbox
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from corpus import CASES, OFFICIAL, REGION, SUBJECT, Case, legit
from hostile_intake import RSS_BOUND_MB, RunningIntake, run
from receipt_language import latin_words

from config.settings import Settings
from domain.intake.record import IntakeOutcome, MailRecord
from domain.obligation.plan import obligations_for_cycle

LEGIT_WITHIN_S = 15.0  # a generous «within seconds» on a shared 2-core machine
CYCLES = (2028, 2029, 2030)


@pytest.fixture(scope="module")
def obligations(hostile_intake: RunningIntake) -> Iterator[str]:
    """Open obligations of region 14, handed out one at a time."""
    from activities.cycle import start_obligations
    from domain.obligation.start import terms_for
    from eci.runtime.temporal_client import connect
    from store.event_store import EventStore

    settings = Settings(
        data_dir=Path(hostile_intake.env["ECI_DATA_DIR"]),
        temporal_address=hostile_intake.env["ECI_TEMPORAL_ADDRESS"],
        temporal_task_queue=hostile_intake.env["ECI_TEMPORAL_TASK_QUEUE"],
    )
    terms = [terms_for(o) for c in CYCLES for o in obligations_for_cycle(c, region=REGION)]

    async def start() -> None:
        client = await connect(settings)
        await start_obligations(client, settings.temporal_task_queue, terms)

    run(start())
    with EventStore.open(settings.effective_database_url) as store:
        deadline = time.monotonic() + 60
        while not all(store.read_stream(t.workflow_id) for t in terms):
            assert time.monotonic() < deadline, "the obligations never opened"
            time.sleep(0.1)
    return iter([t.obligation_id for t in terms])


def _record(intake: RunningIntake, sha: str) -> MailRecord | None:
    from eci.intake.ledger import IntakeLedger
    from store.event_store import EventStore

    with EventStore.open(Settings(data_dir=Path(intake.env["ECI_DATA_DIR"])).effective_database_url) as store:
        return IntakeLedger(store).get(sha)


def _until(intake: RunningIntake, sha: str, done, seconds: float) -> MailRecord:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while True:
        record = _record(intake, sha)
        if record is not None and done(record):
            return record
        assert time.monotonic() < deadline, f"message {sha[:12]} still {record}"
        time.sleep(0.1)


def _receipts(intake: RunningIntake, message_id: str) -> list[EmailMessage]:
    found = []
    for m in mailbox.Maildir(intake.receipts.maildir):
        parsed = message_from_bytes(m.as_bytes(), policy=default)
        if parsed["In-Reply-To"] == message_id:
            found.append(parsed)
    return found


def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw if raw.endswith(b"\r\n") else raw + b"\r\n").hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_message_gets_its_outcome_and_the_next_reply_is_taken(
    hostile_intake: RunningIntake, obligations: Iterator[str], tmp_path_factory, case: Case
) -> None:
    sent = case.build(next(obligations))
    eml = tmp_path_factory.getbasetemp() / "hostile-corpus" / f"{case.name}.eml"
    eml.parent.mkdir(exist_ok=True)
    eml.write_bytes(sent.raw)
    raw = hostile_intake.send(sent, sign=case.sign)
    seconds = 90 if case.code and case.code.value == "processing_failed" else 30
    record = _until(hostile_intake, _sha(raw), lambda r: r.outcome is not None, seconds)
    assert record.outcome is IntakeOutcome(case.outcome), record.reason
    assert record.code is case.code, record.reason

    reply = legit(next(obligations))
    began = time.monotonic()
    taken = _until(hostile_intake, _sha(hostile_intake.send(reply, sign=True)),
                   lambda r: r.outcome is not None, LEGIT_WITHIN_S)  # fmt: skip
    assert taken.outcome is IntakeOutcome.SUBMITTED, taken.reason
    assert time.monotonic() - began < LEGIT_WITHIN_S

    receipts = _receipts(hostile_intake, record.message_id)
    if case.receipt is None:
        assert receipts == [], "a stranger or an unreadable sender gets no mail"
    else:
        deadline = time.monotonic() + 10
        while not receipts and time.monotonic() < deadline:
            time.sleep(0.1)
            receipts = _receipts(hostile_intake, record.message_id)
        [receipt] = receipts
        assert receipt["To"].addresses[0].addr_spec == OFFICIAL
        body = receipt.get_body(("plain",)).get_content()
        assert case.receipt in body, body
        assert SUBJECT in body, "the official's own subject is quoted"
        assert "02.03.2026" in body, "the official's own date is quoted"
        assert latin_words(body) == [], body
    assert hostile_intake.rss_mb() < RSS_BOUND_MB
