"""Signatures under audit: actions signed through a real worker verify in `eci audit verify` and in the
exported bundle's verifier; a signature altered in one event, with every chain hash after it
recomputed (so the chain alone looks intact), fails both, naming that event's position."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_invoke import Outcome, run_eci, submit_order
from fixtures_temporal import make_terms, start_recorded
from store_tamper import rechain

from eci.identity.principal import os_login
from reports.audit_export import VERIFIER_NAME
from store.chain import canonical_json

pytestmark = pytest.mark.temporal

Eci = Callable[..., Outcome]


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


@pytest.fixture
def signed_copy(
    eci: Eci, worker_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A region's submission and the coordinator's acceptance, signed through the module's worker;
    then a copy of that store (for this test alone to alter) as the settings' data dir."""
    terms = make_terms(dt.datetime.now(dt.UTC), measure=11)
    start_recorded(terms)
    submitted = submit_order(eci, terms.obligation_id, terms.participant, tmp_path)
    assert submitted.code == 0, submitted.err
    accepted = eci("accept", terms.obligation_id, "--as", "coordinator")
    assert accepted.code == 0, accepted.err

    copy = tmp_path / "copy"
    copy.mkdir()
    with (
        sqlite3.connect(Path(worker_env["ECI_DATA_DIR"]) / "events.sqlite3") as source,
        sqlite3.connect(copy / "events.sqlite3") as target,
    ):
        source.backup(target)
    monkeypatch.setenv("ECI_DATA_DIR", str(copy))
    return copy


def position_of(data_dir: Path, event_type: str) -> int:
    with sqlite3.connect(data_dir / "events.sqlite3") as db:
        row = db.execute("SELECT max(position) FROM events WHERE type = ?", (event_type,)).fetchone()
    return int(row[0])


Change = Callable[[dict[str, Any], dict[str, Any]], None]


def rewrite(data_dir: Path, position: int, change: Change) -> None:
    """Change one row's payload or metadata and recompute every hash from it on, as a database owner
    could."""
    rechain(data_dir / "events.sqlite3", position, lambda row: change(row["payload"], row["metadata"]))


def bundle_verdict(bundle: Path, *, without_cryptography: bool = False) -> dict[str, Any]:
    """The bundle's own verifier, run as an auditor would (isolated from this project)."""
    hide = "import sys; sys.modules['cryptography'] = None; " if without_cryptography else ""
    script = (
        f"{hide}import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", script, str(bundle / VERIFIER_NAME), str(bundle), "--json"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    verdict: dict[str, Any] = json.loads(done.stdout)
    assert (done.returncode == 0) == verdict["ok"]
    return verdict


def verified(eci: Eci) -> dict[str, Any]:
    result = eci("audit", "verify", "--json")
    verdict: dict[str, Any] = json.loads(result.out)
    assert (result.code == 0) == verdict["ok"], result.err
    return verdict


def test_signed_actions_verify_in_the_store_and_in_the_bundle(
    eci: Eci, signed_copy: Path, tmp_path: Path
) -> None:
    verdict = verified(eci)
    assert verdict["ok"]
    assert verdict["signatures"] >= 2
    assert verdict["signatures_checked"] is True
    assert eci("audit", "export", "--out", tmp_path / "bundle").code == 0
    bundle = bundle_verdict(tmp_path / "bundle")
    assert bundle["ok"]
    assert (bundle["signatures"], bundle["signatures_checked"]) == (verdict["signatures"], True)
    who = eci("audit", "who", os_login(), "--json")
    assert who.code == 0, who.err
    assert {"DocumentSubmitted", "SubmissionAccepted"} <= {e["type"] for e in json.loads(who.out)}


def test_the_bundle_verifier_without_cryptography_says_signatures_were_not_checked(
    eci: Eci, signed_copy: Path, tmp_path: Path
) -> None:
    assert eci("audit", "export", "--out", tmp_path / "bundle").code == 0
    verdict = bundle_verdict(tmp_path / "bundle", without_cryptography=True)
    assert verdict["ok"], "the chain check stays stdlib-only"
    assert verdict["signatures_checked"] is False
    hide = "import sys; sys.modules['cryptography'] = None; import runpy; sys.argv = sys.argv[1:]; "
    done = subprocess.run(
        [sys.executable, "-I", "-c", hide + "runpy.run_path(sys.argv[0], run_name='__main__')",
         str(tmp_path / "bundle" / VERIFIER_NAME), str(tmp_path / "bundle")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert done.stdout.startswith("Выгрузка цела: событий ")
    assert "подписи не проверены: установите пакет cryptography" in done.stdout


def flip_signature(payload: dict[str, Any], metadata: dict[str, Any]) -> None:
    value = metadata["signature"]["value"]
    metadata["signature"]["value"] = ("B" if value[0] == "A" else "A") + value[1:]


def reword_signed_text(payload: dict[str, Any], metadata: dict[str, Any]) -> None:
    signed = json.loads(metadata["signature"]["payload"])
    signed["fields"]["comment"] = "принято без замечаний"  # an acceptance's reason is its comment
    metadata["signature"]["payload"] = canonical_json(signed)


def reword_event_and_signed_text(payload: dict[str, Any], metadata: dict[str, Any]) -> None:
    """The event and the text it claims was signed, changed alike: only Ed25519 can tell."""
    reword_signed_text(payload, metadata)
    payload["comment"] = "принято без замечаний"


def drop_signature(payload: dict[str, Any], metadata: dict[str, Any]) -> None:
    del metadata["signature"]


def not_verifying(key_id: str) -> str:
    changed = "подпись или подписанный текст изменены"
    return f"подпись пользователя {os_login()} не сходится с ключом {key_id}: {changed}"


@pytest.mark.parametrize(
    ("change", "code", "reason"),
    [
        (flip_signature, "signature_invalid", not_verifying),
        (
            reword_signed_text,
            "signed_text_mismatch",
            "подписанный запрос расходится с записанным событием «принято»: "
            "комментарий: подписано «принято без замечаний», в событии — пусто",
        ),
        (reword_event_and_signed_text, "signature_invalid", not_verifying),
        (
            drop_signature,
            "unsigned_after_signing",
            "действие «принято» не подписано, хотя более ранние действия подписаны",
        ),
    ],
)
def test_an_altered_signature_fails_both_verifiers_at_its_position(
    eci: Eci, signed_copy: Path, tmp_path: Path, change: Change, code: str, reason: str | Callable[[str], str]
) -> None:
    position = position_of(signed_copy, "SubmissionAccepted")
    key_id = signature_key_of(signed_copy, position)
    expected = reason(key_id) if callable(reason) else reason
    rewrite(signed_copy, position, change)
    assert eci("audit", "verify").code == 1
    verdict = verified(eci)
    assert (verdict["position"], verdict["code"], verdict["reason"]) == (position, code, expected)
    plain = eci("audit", "verify")
    assert f"Цепочка нарушена на позиции {position}: {expected}\n" in plain.out

    assert eci("audit", "export", "--out", tmp_path / "bundle").code == 0
    bundle = bundle_verdict(tmp_path / "bundle")
    assert (bundle["ok"], bundle["position"]) == (False, position)
    assert (bundle["code"], bundle["reason"]) == (code, expected)


def signature_key_of(data_dir: Path, position: int) -> str:
    """The key id the person's signature at `position` names."""
    with sqlite3.connect(data_dir / "events.sqlite3") as db:
        row = db.execute("SELECT metadata FROM events WHERE position = ?", (position,)).fetchone()
    return str(json.loads(row[0])["signature"]["key_id"])
