#!/usr/bin/env python3
"""Check a receipt of the eci event log without trusting whoever runs the log (Python 3.8+, standard
library; the `cryptography` package, where importable, also checks the log's Ed25519 signature).

    python3 verify_receipt.py RECEIPT.json [--later CHECKPOINT.json ...] [--key KEY_ID] [--json]
    python3 verify_receipt.py CHECKPOINT.json --later NEWER.json ...      (a witness's check)

A receipt (`kvitanciya-….json`, attached to the tracker's receipts and decisions) holds events as stored,
a checkpoint signed by the log's key (size, root, time) and, for each event, the proof that it is in the
tree of that checkpoint. Checked, exiting 1 at the first problem:
  * each event's hash is SHA-256(prev_hash + canonical JSON of its fields), the chain's own rule:
    json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False) over event_id,
    metadata, occurred_at, payload, position, recorded_at, schema_version, stream, type, version;
  * the event at position p is leaf p - 1 of the log's Merkle tree (RFC 6962 hashing: leaf
    SHA-256(0x00 + entry) with the entry the 32 bytes of the event's hash, node SHA-256(0x01 + l + r)),
    and its inclusion proof (RFC 9162 2.1.3) leads to the checkpoint's root;
  * the checkpoint's signature verifies under the key it names, whose id is the first 16 hex digits of
    the key's SHA-256 (and equals --key when given: the id the ministry publishes);
  * each --later checkpoint is signed by the same key and carries a consistency proof (RFC 9162 2.1.4)
    from a checkpoint already checked: the later log still holds, unchanged, everything the earlier one
    held, the receipt's events included.
One file on purpose: a region's auditor can read it whole and run it on any machine.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import sys
from typing import Any

HASHED_FIELDS = (
    "event_id",
    "metadata",
    "occurred_at",
    "payload",
    "position",
    "recorded_at",
    "schema_version",
    "stream",
    "type",
    "version",
)
ORIGIN = "eci-early-intervention-log"
MAX_FILE_BYTES = 5_000_000
MAX_PROOF = 64  # a tree of 2**64 leaves needs no longer proof
MAX_ENTRIES = 1000
USAGE = """Проверка квитанции журнала событий eci (нужен только Python 3.8 или новее):

    python3 verify_receipt.py КВИТАНЦИЯ.json [--later ТОЧКА.json ...] [--key КЛЮЧ] [--json]
    python3 verify_receipt.py ТОЧКА.json --later НОВАЯ_ТОЧКА.json ...      (проверка свидетеля)

Код возврата 0 — всё сходится, 1 — нет (выводится причина), 2 — неверный вызов."""


class Failure(Exception):
    """The receipt does not hold; the message says why (and `code` names the check, for --json)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


# -- the Merkle tree (RFC 6962 hashing, RFC 9162 proofs) --------------------------------------------------


def leaf_hash(entry: bytes) -> bytes:
    """SHA-256(0x00 + entry)."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 + left + right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes]) -> bytes | None:
    """The root an inclusion proof leads to (RFC 9162 2.1.3.2), None when the proof cannot fit."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return r if sn == 0 else None


def verify_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> bool:
    """Whether `leaf` is leaf `index` of the tree of `size` leaves with this root."""
    return root_from_inclusion(index, size, leaf, proof) == root


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: list[bytes]) -> bool:
    """Whether the tree (size2, root2) extends the tree (size1, root1) (RFC 9162 2.1.4.2)."""
    if size1 < 0 or size2 < size1:
        return False
    if size1 == size2:
        return root1 == root2 and not proof
    if size1 == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # an exact power of two: the old root is a node of the new tree
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == root1 and sr == root2 and sn == 0


# -- events ------------------------------------------------------------------------------------------------


def event_hash(row: dict[str, Any]) -> str:
    """SHA-256 hex of the row's prev_hash followed by the canonical JSON of its hashed fields."""
    fields = {name: row[name] for name in HASHED_FIELDS}
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((row["prev_hash"] + canonical).encode("utf-8")).hexdigest()


def _hex32(value: Any, what: str) -> bytes:
    """32 bytes written as 64 lowercase hex digits (one spelling only: a changed letter is a change)."""
    if not isinstance(value, str) or len(value) != 64 or value.strip("0123456789abcdef"):
        raise Failure("malformed", f"{what}: не 64 строчные шестнадцатеричные цифры")
    return bytes.fromhex(value)


def _count(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Failure("malformed", f"{what}: не целое неотрицательное число")
    return value


def _proof(value: Any, what: str) -> list[bytes]:
    if not isinstance(value, list) or len(value) > MAX_PROOF:
        raise Failure("malformed", f"{what}: не список из не более чем {MAX_PROOF} хешей")
    return [_hex32(h, f"{what}, хеш {n + 1}") for n, h in enumerate(value)]


# -- checkpoints -------------------------------------------------------------------------------------------


def checkpoint_body(checkpoint: dict[str, Any]) -> str:
    """The signed text: origin, size, root in base64, time; one per line, as transparency logs write it."""
    root = base64.b64encode(_hex32(checkpoint.get("root"), "корень контрольной точки")).decode("ascii")
    size = _count(checkpoint.get("size"), "размер контрольной точки")
    time = checkpoint.get("time")
    if not isinstance(time, str) or not 0 < len(time) <= 40 or "\n" in time:
        raise Failure("malformed", "у контрольной точки нет времени")
    return f"{ORIGIN}\n{size}\n{root}\ntime {time}\n"


def _ed25519() -> Any:
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:
        return None
    return Ed25519PublicKey


class Checkpoint:
    """A signed checkpoint, checked as far as this interpreter can."""

    def __init__(self, raw: Any, pinned: str | None) -> None:
        if not isinstance(raw, dict):
            raise Failure("malformed", "нет контрольной точки журнала")
        if raw.get("origin") != ORIGIN:
            raise Failure("malformed", f"контрольная точка другого журнала: {str(raw.get('origin'))[:80]!r}")
        self.body = checkpoint_body(raw)
        self.size = raw["size"]
        self.root = bytes.fromhex(raw["root"])
        self.time = raw["time"]
        try:
            public = base64.b64decode(str(raw.get("public_key")), validate=True)
            signature = base64.b64decode(str(raw.get("signature")), validate=True)
        except ValueError:
            raise Failure("malformed", "ключ или подпись контрольной точки не в base64") from None
        if len(public) != 32 or len(signature) != 64:
            raise Failure("malformed", "ключ или подпись контрольной точки неверной длины")
        self.key_id = hashlib.sha256(public).hexdigest()[:16]
        if raw.get("key_id") != self.key_id:
            raise Failure("key", "идентификатор ключа не соответствует ключу контрольной точки")
        if pinned is not None and pinned.lower() != self.key_id:
            raise Failure("key", f"подписано ключом {self.key_id}, а не ключом журнала {pinned}")
        key_class = _ed25519()
        self.signature_checked = key_class is not None
        if key_class is not None:
            try:
                key_class.from_public_bytes(public).verify(signature, self.body.encode("utf-8"))
            except Exception:  # cryptography's InvalidSignature
                raise Failure("signature", f"подпись контрольной точки {self.size} неверна") from None

    def public(self) -> dict[str, Any]:
        """What --json reports of it."""
        return {"size": self.size, "root": self.root.hex(), "time": self.time, "key_id": self.key_id}


# -- the document kinds ------------------------------------------------------------------------------------


def check_entry(entry: Any, checkpoint: Checkpoint) -> dict[str, Any]:
    """One event of a receipt: its hash is its own, and it is in the checkpoint's tree."""
    if not isinstance(entry, dict) or not isinstance(entry.get("event"), dict):
        raise Failure("malformed", "в записи квитанции нет события")
    row = entry["event"]
    missing = [n for n in HASHED_FIELDS + ("prev_hash", "hash") if n not in row]
    if missing:
        raise Failure("malformed", f"у события нет полей: {', '.join(missing)}")
    position = _count(row["position"], "позиция события")
    stated = _hex32(row["hash"], "хеш события")
    _hex32(row["prev_hash"], "хеш предыдущего события")
    try:
        computed = event_hash(row)
    except (TypeError, ValueError):
        raise Failure("event", f"событие {position} не удаётся хешировать: поле неверного вида") from None
    if computed != row["hash"]:
        raise Failure("event", f"событие {position}: хеш не соответствует содержанию (событие изменено)")
    if entry.get("leaf_index") != position - 1:
        raise Failure("malformed", f"событие {position} не является листом {entry.get('leaf_index')!r}")
    proof = _proof(entry.get("inclusion"), "доказательство включения")
    if not verify_inclusion(position - 1, checkpoint.size, leaf_hash(stated), proof, checkpoint.root):
        raise Failure(
            "inclusion",
            f"доказательство включения события {position} не сходится "
            f"с корнем контрольной точки {checkpoint.size}",
        )
    return {"position": position, "stream": row["stream"], "type": row["type"], "hash": row["hash"]}


def check_later(document: Any, known: list[Checkpoint], pinned: str | None) -> Checkpoint:
    """A later checkpoint with its consistency proof from one already checked."""
    if not isinstance(document, dict):
        raise Failure("malformed", "файл более поздней контрольной точки — не объект JSON")
    later = Checkpoint(document.get("checkpoint"), pinned or known[0].key_id)
    step = document.get("consistency")
    if not isinstance(step, dict):
        raise Failure("malformed", f"у контрольной точки {later.size} нет доказательства согласованности")
    size1 = _count(step.get("from_size"), "размер, от которого доказана согласованность")
    root1 = _hex32(step.get("from_root"), "корень, от которого доказана согласованность")
    base = next((c for c in known if c.size == size1 and c.root == root1), None)
    if base is None:
        raise Failure(
            "consistency", f"доказательство начинается с размера {size1}, но такой контрольной точки не дано"
        )
    proof = _proof(step.get("proof"), "доказательство согласованности")
    if not verify_consistency(base.size, later.size, base.root, later.root, proof):
        raise Failure(
            "consistency",
            f"журнал на контрольной точке {later.size} не продолжает журнал контрольной точки "
            f"{base.size}: прежние записи изменены или удалены",
        )
    return later


def load(path: str) -> Any:
    """A JSON file of bounded size."""
    with open(path, "rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise Failure("malformed", f"{path}: файл больше {MAX_FILE_BYTES} байт")
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise Failure("malformed", f"{path}: не в кодировке UTF-8") from None
    except ValueError as exc:
        where = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        at = f" (ошибка в строке {where[0]}, знак {where[1]})" if where[0] else ""
        raise Failure("malformed", f"{path}: не JSON{at}") from None


def verify(path: str, later: list[str], pinned: str | None = None) -> dict[str, Any]:
    """Check a receipt (or a checkpoint file) and the later checkpoints; a summary, or Failure."""
    document = load(path)
    if not isinstance(document, dict):
        raise Failure("malformed", f"{path}: не объект JSON")
    checkpoint = Checkpoint(document.get("checkpoint"), pinned)
    entries = document.get("entries", [])
    if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
        raise Failure("malformed", f"записи квитанции — не список из не более чем {MAX_ENTRIES} событий")
    if document.get("format") == "eci-receipt/1" and not entries:
        raise Failure("malformed", "в квитанции нет событий")
    events = [check_entry(entry, checkpoint) for entry in entries]
    known = [checkpoint]
    for name in later:
        known.append(check_later(load(name), known, pinned))
    return {
        "ok": True,
        "events": events,
        "checkpoint": checkpoint.public(),
        "later": [c.public() for c in known[1:]],
        "key_id": checkpoint.key_id,
        "signatures_checked": checkpoint.signature_checked,
    }


def _text(result: dict[str, Any]) -> str:
    """The verdict in Russian, for the region's official."""
    if not result["ok"]:
        return f"ПРОВЕРКА НЕ ПРОЙДЕНА: {result['reason']}"
    point = result["checkpoint"]
    lines = [
        f"Квитанция подлинна: событий {len(result['events'])}, контрольная точка журнала "
        f"{point['size']} от {point['time']}, ключ журнала {result['key_id']}."
    ]
    for event in result["events"]:
        lines.append(f"  позиция {event['position']}: {event['type']} ({event['stream']}) — в журнале")
    for later in result["later"]:
        lines.append(f"Журнал на контрольной точке {later['size']} от {later['time']} продолжает прежний.")
    if not result["signatures_checked"]:
        lines.append("Подпись журнала не проверена: установите пакет Python cryptography.")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Command line: exit 0 when everything holds, 1 when something does not, 2 on bad usage."""
    args, later, pinned, as_json, target = list(argv), [], None, False, None
    while args:
        arg = args.pop(0)
        if arg == "--later" and args:
            later.append(args.pop(0))
        elif arg == "--key" and args:
            pinned = args.pop(0)
        elif arg == "--json":
            as_json = True
        elif arg in ("-h", "--help"):
            print(USAGE)
            return 0
        elif target is None and not arg.startswith("--"):
            target = arg
        else:
            print(f"verify_receipt.py: неизвестный аргумент {arg!r}", file=sys.stderr)
            return 2
    if target is None:
        print("использование: python3 verify_receipt.py КВИТАНЦИЯ.json [--later ТОЧКА.json]", file=sys.stderr)
        return 2
    result: dict[str, Any]
    try:
        result = verify(target, later, pinned)
    except Failure as exc:
        result = {"ok": False, "code": exc.code, "reason": str(exc)}
    except OSError as exc:
        why = "нет такого файла" if exc.errno == errno.ENOENT else f"ошибка чтения (код {exc.errno})"
        result = {"ok": False, "code": "file", "reason": f"{exc.filename or target}: {why}"}
    print(json.dumps(result, ensure_ascii=False) if as_json else _text(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
