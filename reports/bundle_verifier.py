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
  * every event's seal and every person's signature holds (bundle_signatures.py and bundle_actions.py,
    shipped beside this file, say how): the public keys come from the chain itself, registered by an
    admin (the founding admin's own key, whose fingerprint --founder compares); each seal's text and each
    signed action's text are rebuilt from the event and must match; no signature is used twice; the
    Ed25519 signatures themselves are checked where the `cryptography` package is importable, and the
    summary says so (NOT_CHECKED) otherwise. Four files of standard-library Python.
The verdict is Russian, for the auditor; with --json each failure also carries `code`, a stable English
name of the check that failed (FAILURE_CODES here, CODES in bundle_problems.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from typing import Any

if __package__:  # imported as `reports.bundle_verifier` (eci audit verify, the tests)
    from reports.bundle_problems import os_error
    from reports.bundle_signatures import NOT_CHECKED, SignatureChecker, SignatureProblem
else:  # run as a script from an exported bundle, where the modules sit beside this file
    sys.dont_write_bytecode = True  # verifying leaves the bundle as it was
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bundle_problems import os_error  # type: ignore[no-redef,import-not-found]
    from bundle_signatures import NOT_CHECKED, SignatureChecker, SignatureProblem  # type: ignore[no-redef,import-not-found]

__all__ = ["FAILURE_CODES", "NOT_CHECKED", "SignatureChecker", "SignatureProblem", "verify_bundle"]

USAGE = """Проверка выгрузки журнала событий eci (нужен только Python 3.8 или новее):

    python3 verify_bundle.py [КАТАЛОГ] [--witness ПОЗИЦИЯ:ХЕШ ...] [--founder ОТПЕЧАТОК] [--json]

Код возврата 0 — выгрузка цела, 1 — нет: выводится первая найденная ошибка и её позиция в журнале."""
# The stable English names of the bundle's own checks (a seal's or signature's come from
# bundle_problems.CODES), for --json (`code`).
FAILURE_CODES = (
    "row_malformed", "row_incomplete", "position_gap", "prev_hash_mismatch", "hash_mismatch",
    "head_malformed", "head_mismatch", "witness_malformed", "witness_position_missing", "witness_mismatch",
    "document_altered", "document_size_mismatch", "document_missing", "file_unreadable",
)  # fmt: skip

GENESIS = "0" * 64
HASHED_FIELDS = (
    "event_id", "metadata", "occurred_at", "payload", "position",
    "recorded_at", "schema_version", "stream", "type", "version",
)


def canonical_json(fields: dict[str, Any]) -> str:
    """The chain's canonical JSON of a row's hashed fields."""
    chosen = {name: fields[name] for name in HASHED_FIELDS}
    return json.dumps(chosen, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


_GAP = "событие удалено или переставлено"
_CHANGED = "хеш не совпадает с содержимым строки: событие изменено"
_PREVIOUS = "хеш предыдущего события, записанный в строке, не совпадает с хешем предыдущей строки"


def row_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 hex of the previous hash followed by the row's canonical JSON."""
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode("utf-8")).hexdigest()


class Failure(Exception):
    """The bundle does not verify: `code` names the check, the message (Russian) says why and `position`
    where in the log, when it is an event's fault."""

    def __init__(self, code: str, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.code = code
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
    where = f"строка {number} файла events.jsonl"
    try:
        row: dict[str, Any] = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise Failure("row_malformed", f"{where} не в кодировке UTF-8", expected_position) from None
    except ValueError as exc:
        column = getattr(exc, "colno", None)
        at = f" (ошибка в знаке {column})" if column else ""
        raise Failure("row_malformed", f"{where} — не JSON{at}", expected_position) from None
    if not isinstance(row, dict):
        raise Failure("row_malformed", f"{where} — не объект JSON с событием", expected_position)
    missing = [name for name in HASHED_FIELDS + ("prev_hash", "hash") if name not in row]
    if missing:
        reason = f"в строке {number} файла events.jsonl нет полей: {', '.join(missing)}"
        raise Failure("row_incomplete", reason, expected_position)
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
                found = json.dumps(row["position"], ensure_ascii=False)[:40]
                after = f"после позиции {position}" if position else "в начале"
                reason = f"{after} идёт позиция {found}, а не {position + 1}: {_GAP}"
                raise Failure("position_gap", reason, position + 1)
            position = row["position"]
            if row["prev_hash"] != prev_hash:
                raise Failure("prev_hash_mismatch", _PREVIOUS, position)
            if row_hash(prev_hash, row) != row["hash"]:
                raise Failure("hash_mismatch", _CHANGED, position)
            prev_hash = row["hash"]
            hashes[position] = prev_hash
            referenced_files(row["payload"], files)
            if signatures is not None:
                try:
                    signatures.row(row)
                except SignatureProblem as exc:
                    raise Failure(exc.code, str(exc), exc.position) from None
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
            reason = f"документ {name} изменён: SHA-256 файла не совпадает с его именем"
            raise Failure("document_altered", reason)
        size = os.path.getsize(os.path.join(directory, name))
        if name in files and size != files[name]:
            raise Failure(
                "document_size_mismatch", f"документ {name}: размер {size} байт, а в событиях — {files[name]}"
            )
    absent = sorted(set(files) - set(present))
    if absent:
        raise Failure("document_missing", f"документ {absent[0]} упомянут в событиях, но его нет в выгрузке")
    return len(present)


def parse_witness(text: str) -> tuple[int, str]:
    """`POSITION:HASH` → (int, str)."""
    position, _, digest = text.partition(":")
    if not position.isdigit() or len(digest) != 64 or digest.lower().strip("0123456789abcdef"):
        shown = text[:100]
        raise Failure("witness_malformed", f"свидетельство «{shown}» не в виде ПОЗИЦИЯ:ХЕШ (64 цифры хеша)")
    return int(position), digest.lower()


def read_head(path: str) -> dict[str, Any]:
    """head.json: an object with the position and hash of the last event."""
    with open(path, "rb") as stream:
        data = stream.read(1 << 16)
    try:
        stated = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Failure("head_malformed", "head.json — не JSON") from None
    if not isinstance(stated, dict):
        raise Failure("head_malformed", "head.json — не объект JSON с позицией и хешем")
    return stated


def verify_bundle(
    bundle: str, witnesses: list[str] | tuple[str, ...] = (), founder: str | None = None
) -> dict[str, Any]:
    """Verify a bundle directory; return a summary dict, or raise Failure."""
    hashes: dict[int, str] = {}
    files: dict[str, int] = {}
    signatures = SignatureChecker(founder, row_at=lambda at: {"hash": hashes[at]} if at in hashes else None)
    position, head = verify_events(os.path.join(bundle, "events.jsonl"), hashes, files, signatures)
    try:
        signatures.finish(position)
    except SignatureProblem as exc:
        raise Failure(exc.code, str(exc), exc.position) from None
    stated = read_head(os.path.join(bundle, "head.json"))
    if stated.get("position") != position or stated.get("hash") != head:
        said = f"позиция {stated.get('position')}, хеш {stated.get('hash')}"
        raise Failure(
            "head_mismatch", f"в head.json указана голова цепочки ({said}), а цепочка кончается позицией "
            f"{position} с хешем {head}"
        )  # fmt: skip
    for text in witnesses:
        at, digest = parse_witness(text)
        if at not in hashes:
            reason = f"свидетельство о позиции {at} не подтверждается: такой позиции в цепочке нет"
            raise Failure("witness_position_missing", reason, at)
        if hashes[at] != digest:
            raise Failure(
                "witness_mismatch", f"свидетельство о позиции {at} не подтверждается: засвидетельствован хеш "
                f"{digest}, а в цепочке — {hashes[at]}", at
            )  # fmt: skip
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
            print(USAGE)
            return 0
        else:
            bundle = arg
    try:
        result = verify_bundle(bundle, witnesses, founder)
    except Failure as exc:
        result = {"ok": False, "position": exc.position, "reason": str(exc), "code": exc.code}
    except OSError as exc:
        result = {"ok": False, "position": None, "reason": os_error(exc), "code": "file_unreadable"}
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(verdict_text(result))
    return 0 if result["ok"] else 1


def _count(value: Any) -> str:
    """A count as Russian text writes it: digits grouped by a no-break space (20 084)."""
    return f"{value:,}".replace(",", "\u00a0") if isinstance(value, int) else str(value)


def verdict_text(result: dict[str, Any]) -> str:
    """The verdict in Russian, for the auditor."""
    n = _count
    if not result["ok"]:
        where = f" на позиции {result['position']}" if result["position"] is not None else ""
        return f"ПРОВЕРКА НЕ ПРОЙДЕНА{where}: {result['reason']}"
    lines = [
        f"Выгрузка цела: событий {n(result['events'])}, последняя позиция {n(result['head_position'])}, "
        f"хеш {result['head']}; документов {n(result['documents'])}; подписей действий "
        f"{n(result['signatures'])}; печатей {n(result.get('seals', 0))}; свидетельств подтверждено "
        f"{n(result['witnesses'])}"
    ]
    if "founder" in result:
        founder = result["founder"]
        lines.append(f"Первый администратор: {founder['login']}, ключ {founder['fingerprint']}")
    if not result["signatures_checked"]:
        lines.append(NOT_CHECKED)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
