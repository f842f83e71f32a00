#!/usr/bin/env python3
"""Verify an `eci audit export` bundle with nothing but the Python standard library (3.8 or later).

    python3 verify_bundle.py [BUNDLE_DIR] [--witness POSITION:HASH ...] [--founder FINGERPRINT] [--json]

Checks, and exits 1 naming the first problem:
  * events.jsonl: positions 1, 2, 3 … without gaps; each row's prev_hash is the previous row's hash
    (64 zeros for the first); each hash is SHA-256(prev_hash + canonical JSON of the row's fields),
    canonical JSON being json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    over event_id, metadata, occurred_at, payload, position, recorded_at, schema_version, stream, type,
    version, encoded as UTF-8;
  * head.json names the last row's position and hash;
  * every --witness POSITION:HASH (a head quoted earlier in a report, export or digest) is in the chain;
  * every document file under documents/ has the SHA-256 its name says and the size the events say,
    and every file the events refer to is present;
  * every event's seal and every person's signature holds (bundle_signatures.py, shipped beside this
    file, says how): the public keys come from the chain itself, registered by an admin (the founding
    admin's own key, whose fingerprint --founder compares); each seal's text and each signed action's
    text are rebuilt from the event and must match; no signature is used twice; the Ed25519 signatures
    themselves are checked where the `cryptography` package is importable, and the summary says
    "signatures not checked: install cryptography" otherwise. Two files of standard-library Python.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from typing import Any

if __package__:  # imported as `reports.bundle_verifier` (eci audit verify, the tests)
    from reports.bundle_signatures import NOT_CHECKED, SignatureChecker, SignatureProblem
else:  # run as a script from an exported bundle, where the module sits beside this file
    sys.dont_write_bytecode = True  # verifying leaves the bundle as it was
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bundle_signatures import NOT_CHECKED, SignatureChecker, SignatureProblem  # type: ignore[no-redef]

__all__ = ["NOT_CHECKED", "SignatureChecker", "SignatureProblem", "verify_bundle"]

GENESIS = "0" * 64
HASHED_FIELDS = (
    "event_id", "metadata", "occurred_at", "payload", "position",
    "recorded_at", "schema_version", "stream", "type", "version",
)


def canonical_json(fields: dict[str, Any]) -> str:
    """The chain's canonical JSON of a row's hashed fields."""
    chosen = {name: fields[name] for name in HASHED_FIELDS}
    return json.dumps(chosen, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def row_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 hex of the previous hash followed by the row's canonical JSON."""
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode("utf-8")).hexdigest()


class Failure(Exception):
    """The bundle does not verify; the message says where."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


def referenced_files(value: Any, found: dict[str, int]) -> dict[str, int]:
    """Collect {sha256: size} of every stored-file fingerprint inside a payload."""
    if isinstance(value, dict):
        if isinstance(value.get("sha256"), str) and isinstance(value.get("size"), int):
            found[value["sha256"]] = value["size"]
        for sub in value.values():
            referenced_files(sub, found)
    elif isinstance(value, list):
        for sub in value:
            referenced_files(sub, found)
    return found


def parse_line(raw: bytes, number: int, expected_position: int) -> dict[str, Any]:
    """One line of events.jsonl as a dict with every chained field."""
    try:
        row: dict[str, Any] = json.loads(raw.decode("utf-8"))
        missing = [name for name in HASHED_FIELDS + ("prev_hash", "hash") if name not in row]
    except (UnicodeDecodeError, ValueError, TypeError) as exc:
        raise Failure(f"line {number} of events.jsonl is not a JSON row: {exc}", expected_position) from None
    if missing:
        raise Failure(f"line {number} lacks {', '.join(missing)}", expected_position)
    return row


def verify_events(
    path: str, hashes: dict[int, str], files: dict[str, int], signatures: SignatureChecker | None = None
) -> tuple[int, str]:
    """Walk the chain; fill `hashes` {position: hash} and `files` {sha256: size}; return the head."""
    prev_hash, position = GENESIS, 0
    with open(path, "rb") as stream:
        for number, raw in enumerate(stream, start=1):
            row = parse_line(raw, number, position + 1)
            if row["position"] != position + 1:
                found = row["position"]
                reason = f"position {found!r} follows {position}: a row is missing or reordered"
                raise Failure(reason, position + 1)
            position = row["position"]
            if row["prev_hash"] != prev_hash:
                raise Failure("prev_hash does not match the previous row's hash", position)
            if row_hash(prev_hash, row) != row["hash"]:
                raise Failure("hash does not match the row's contents", position)
            prev_hash = row["hash"]
            hashes[position] = prev_hash
            referenced_files(row["payload"], files)
            if signatures is not None:
                try:
                    signatures.row(row)
                except SignatureProblem as exc:
                    raise Failure(str(exc), exc.position) from None
    return position, prev_hash


def verify_documents(directory: str, files: dict[str, int]) -> int:
    """Every referenced file present with the right size, every present file hashing to its name."""
    present = sorted(os.listdir(directory)) if os.path.isdir(directory) else []
    for name in present:
        digest = hashlib.sha256()
        with open(os.path.join(directory, name), "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != name:
            raise Failure(f"document {name}: its contents do not hash to its name")
        if name in files and os.path.getsize(os.path.join(directory, name)) != files[name]:
            raise Failure(f"document {name}: size differs from the events")
    absent = sorted(set(files) - set(present))
    if absent:
        raise Failure(f"document {absent[0]} is referenced by the events but missing from the bundle")
    return len(present)


def parse_witness(text: str) -> tuple[int, str]:
    """`POSITION:HASH` → (int, str)."""
    position, _, digest = text.partition(":")
    if not position.isdigit() or len(digest) != 64:
        raise Failure(f"malformed witness {text!r}: expected POSITION:HASH")
    return int(position), digest.lower()


def verify_bundle(
    bundle: str, witnesses: list[str] | tuple[str, ...] = (), founder: str | None = None
) -> dict[str, Any]:
    """Verify a bundle directory; return a summary dict, or raise Failure."""
    hashes: dict[int, str] = {}
    files: dict[str, int] = {}
    signatures = SignatureChecker(founder)
    position, head = verify_events(os.path.join(bundle, "events.jsonl"), hashes, files, signatures)
    try:
        signatures.finish(position)
    except SignatureProblem as exc:
        raise Failure(str(exc), exc.position) from None
    with open(os.path.join(bundle, "head.json"), encoding="utf-8") as stream:
        stated = json.load(stream)
    if stated.get("position") != position or stated.get("hash") != head:
        said = f"{stated.get('position')}:{stated.get('hash')}"
        raise Failure(f"head.json states {said} but the chain ends at {position}:{head}")
    for text in witnesses:
        at, digest = parse_witness(text)
        if hashes.get(at) != digest:
            raise Failure(f"witness {text} is not part of this chain", at)
    documents = verify_documents(os.path.join(bundle, "documents"), files)
    return {"ok": True, "events": position, "head_position": position, "head": head,
            "documents": documents, "witnesses": len(witnesses), **signatures.summary()}


def main(argv: list[str]) -> int:
    """Command line: exit 0 when the bundle verifies, 1 when it does not."""
    args, witnesses, as_json, bundle, founder = list(argv), [], False, ".", None
    while args:
        arg = args.pop(0)
        if arg == "--witness" and args:
            witnesses.append(args.pop(0))
        elif arg == "--founder" and args:
            founder = args.pop(0)
        elif arg == "--json":
            as_json = True
        elif arg in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            bundle = arg
    try:
        result = verify_bundle(bundle, witnesses, founder)
    except (Failure, OSError, ValueError) as exc:
        result = {"ok": False, "position": getattr(exc, "position", None), "reason": str(exc)}
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    elif result["ok"]:
        head = f"{result['head_position']}:{result['head']}"
        print(f"OK: {result['events']} events, head {head}, {result['documents']} documents, "
              f"{result['signatures']} signatures, {result.get('seals', 0)} seals")
        if "founder" in result:
            print(f"founding admin {result['founder']['login']}, key {result['founder']['fingerprint']}")
        if not result["signatures_checked"]:
            print(NOT_CHECKED)
    else:
        where = f" at position {result['position']}" if result["position"] is not None else ""
        print(f"FAILED{where}: {result['reason']}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
