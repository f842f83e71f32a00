"""A log receipt verifies offline with `verify_receipt.py` alone (a plain interpreter, nothing of eci on its
path) and fails when any value of its events or any digit of its proofs changes; with a later checkpoint
it shows the events are still in the log."""

from __future__ import annotations

import copy
import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cli_invoke import Outcome, run_eci
from store_events import new, reminder, stream_of

from reports import receipt_verifier
from store.event_store import EventStore
from store.log_key import load_log_key
from store.log_receipts import receipt, receipt_bytes

BARE_PYTHON = shutil.which("python3", path="/usr/bin:/bin") or sys.executable


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """verify_receipt.py alone in a folder, as a region receives it."""
    folder = tmp_path / "region"
    folder.mkdir()
    return Path(shutil.copyfile(receipt_verifier.__file__, folder / "verify_receipt.py"))


def run_shipped(
    verifier: Path, *args: Path | str, flags: tuple[str, ...] = ("-I",)
) -> tuple[int, dict[str, Any]]:
    """The region's check: a bare interpreter, isolated from site-packages (`-S` too: stdlib only)."""
    done = subprocess.run(
        [BARE_PYTHON, *flags, str(verifier), *map(str, args), "--json"],
        capture_output=True, text=True, timeout=60, check=False, cwd=verifier.parent,
    )  # fmt: skip
    return done.returncode, json.loads(done.stdout)


def load_shipped(verifier: Path) -> ModuleType:
    """The shipped file as a module, for checking many variants quickly."""
    spec = importlib.util.spec_from_file_location("shipped_verify_receipt", verifier)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def issued(story_store: EventStore, data_dir: Path) -> dict[str, Any]:
    """A receipt of a submission and its acceptance, issued by the log."""
    key = load_log_key(data_dir / "log.ed25519.pem")
    events = [e for e in story_store.read_stream("obligation/2023/01/05")]
    positions = [e.position for e in events if e.type in ("DocumentSubmitted", "SubmissionAccepted")][-2:]
    return receipt(story_store.engine, story_store.dialect, key, positions)


def mutations(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every scalar in a JSON value with a changed copy of it, and every key renamed (path, new value)."""
    if isinstance(value, dict):
        for key, sub in value.items():
            yield (*path, ("rename", key)), None
            yield from mutations(sub, (*path, key))
    elif isinstance(value, list):
        for n, sub in enumerate(value):
            yield from mutations(sub, (*path, n))
    elif isinstance(value, bool):
        yield path, not value
    elif isinstance(value, int):
        yield path, value + 1
    elif isinstance(value, str):
        yield path, ("0" if value[:1] != "0" else "1") + value[1:] if value else "x"
    else:
        yield path, 0


def mutated(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    last = path[-1]
    if isinstance(last, tuple):
        target[f"{last[1]}_"] = target.pop(last[1])
    else:
        target[last] = value
    return changed


def test_a_receipt_verifies_offline_with_the_verifier_alone(
    issued: dict[str, Any], shipped: Path, tmp_path: Path
) -> None:
    path = tmp_path / "kvitanciya-2023-01-05.json"
    path.write_bytes(receipt_bytes(issued))
    code, result = run_shipped(shipped, path)
    assert code == 0, result
    assert [e["type"] for e in result["events"]] == ["DocumentSubmitted", "SubmissionAccepted"]
    assert result["checkpoint"]["size"] == issued["checkpoint"]["size"]
    code, bare = run_shipped(shipped, path, flags=("-I", "-S"))
    assert code == 0, bare
    assert bare["signatures_checked"] is False, "the standard library alone checks all but the signature"


def test_any_changed_value_of_an_event_or_digit_of_a_proof_fails(
    issued: dict[str, Any], shipped: Path, tmp_path: Path
) -> None:
    module = load_shipped(shipped)
    path = tmp_path / "receipt.json"

    def verdict(document: dict[str, Any]) -> str | None:
        path.write_bytes(receipt_bytes(document))
        try:
            module.verify(str(path), [])
        except module.Failure as exc:
            return str(exc.code)
        return None

    assert verdict(issued) is None
    checked = 0
    for n, entry in enumerate(issued["entries"]):
        for where, value in mutations(entry["event"], ("entries", n, "event")):
            assert verdict(mutated(issued, where, value)) is not None, where
            checked += 1
        for k, digest in enumerate(entry["inclusion"]):
            for i in range(len(digest)):
                other = "0" if digest[i] != "0" else "1"
                where = ("entries", n, "inclusion", k)
                assert verdict(mutated(issued, where, digest[:i] + other + digest[i + 1 :])) is not None
                checked += 1
        assert verdict(mutated(issued, ("entries", n, "leaf_index"), entry["leaf_index"] + 1)) is not None
    assert checked > 100
    for field in ("size", "root", "time", "signature", "public_key"):
        original = issued["checkpoint"][field]
        if isinstance(original, int):
            changed = original + 1
        elif field == "root":
            changed = ("0" if original[0] != "0" else "1") + original[1:]
        else:
            changed = ("A" if original[0] != "A" else "B") + original[1:]
        assert verdict(mutated(issued, ("checkpoint", field), changed)) is not None, field
    spelled = issued["checkpoint"]["root"].upper()
    assert verdict(mutated(issued, ("checkpoint", "root"), spelled)) == "malformed", "one spelling of a hash"

    event = mutated(issued, ("entries", 0, "event", "payload", "documents", 0, "details", "number"), "05-1b")
    proof = mutated(issued, ("entries", 1, "inclusion", 0), "f" * 64)
    for name, document, expected in (("event", event, "event"), ("proof", proof, "inclusion")):
        bad = tmp_path / f"kvitanciya-{name}.json"
        bad.write_bytes(receipt_bytes(document))
        code, result = run_shipped(shipped, bad)
        assert (code, result["ok"], result["code"]) == (1, False, expected)


def test_a_later_checkpoint_shows_the_receipts_events_are_still_in_the_log(
    issued: dict[str, Any],
    story_store: EventStore,
    shipped: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    eci: Callable[..., Outcome] = lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)  # noqa: E731
    path = tmp_path / "kvitanciya-2023-01-05.json"
    path.write_bytes(receipt_bytes(issued))
    story_store.append(stream_of("2023/01/05"), [new(reminder("2023/01/05", d)) for d in (7, 1)])
    later = tmp_path / "checkpoint-later.json"
    made = eci("audit", "checkpoint", "--since", path, "--out", later)
    assert made.code == 0, made.err
    code, result = run_shipped(shipped, path, "--later", later)
    assert code == 0, result
    assert result["later"][0]["size"] == issued["checkpoint"]["size"] + 2
    assert eci("audit", "verify", "--checkpoint", path).code == 0, (
        "a receipt serves as a witness's checkpoint"
    )
