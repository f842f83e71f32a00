"""An intake receipt carries the log receipt of the submission: a region verifies it offline, with
`verify_receipt.py` and a bare interpreter, and learns the submission (with its mail's hash) is in the log;
a refused reply's receipt proves the intake recorded the message."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from fixtures_intake import fresh_obligation, open_obligations, receipts_in, reply

from domain.intake.record import IntakeOutcome
from reports import receipt_verifier

BARE_PYTHON = shutil.which("python3", path="/usr/bin:/bin") or sys.executable


def verified_offline(message: EmailMessage, folder: Path) -> tuple[str, dict[str, Any]]:
    """Save the receipt's attachment beside verify_receipt.py and run it; (file name, verdict)."""
    folder.mkdir()
    [part] = list(message.iter_attachments())
    name = str(part.get_filename())
    (folder / name).write_bytes(part.get_content())
    shutil.copyfile(receipt_verifier.__file__, folder / "verify_receipt.py")
    done = subprocess.run(
        [BARE_PYTHON, "-I", "verify_receipt.py", name, "--json"],
        capture_output=True, text=True, timeout=60, check=False, cwd=folder,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
    return name, json.loads(done.stdout)


async def test_a_receipted_submission_proves_itself_in_the_log(intake, receipts, tmp_path: Path) -> None:
    oid = fresh_obligation()
    await open_obligations(oid)
    record = await intake.receive(reply(oid), [])
    assert record.outcome is IntakeOutcome.SUBMITTED
    [message] = receipts_in(receipts)
    name, verdict = verified_offline(message, tmp_path / "region")
    assert name == f"kvitanciya-{oid.replace('/', '-')}.json"
    kinds = {e["type"]: e for e in verdict["events"]}
    assert {"IntakeMailReceived", "IntakeMailSubmitted", "DocumentSubmitted"} <= kinds.keys()
    assert kinds["DocumentSubmitted"]["stream"] == f"obligation/{oid}"
    document = json.loads((tmp_path / "region" / name).read_text())
    [submitted] = [e["event"] for e in document["entries"] if e["event"]["type"] == "DocumentSubmitted"]
    assert submitted["metadata"]["mail"]["sha256"] == record.sha256
    body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f"python3 verify_receipt.py {name}" in body


async def test_a_refused_replys_receipt_proves_the_message_was_recorded(
    intake, receipts, tmp_path: Path
) -> None:
    oid = fresh_obligation()
    await open_obligations(oid)
    record = await intake.receive(reply(oid, attachments=()), [])
    assert record.outcome is IntakeOutcome.QUARANTINED
    [message] = receipts_in(receipts)
    name, verdict = verified_offline(message, tmp_path / "region")
    assert name == f"kvitanciya-{record.sha256[:12]}.json"
    assert [e["type"] for e in verdict["events"]] == ["IntakeMailReceived", "IntakeMailQuarantined"]
