"""A small signed log made by hand, as the audit bundle's checker reads it: real Ed25519 keys, seals and
version 1 and 2 action signatures, so each of the checker's failures can be provoked by one change."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from reports import bundle_verifier
from reports.bundle_actions import action_text, canonical
from reports.bundle_seals import FIRST_LINK, LOCATOR_DIGITS, seal_link
from reports.bundle_signatures import seal_text

Row = dict[str, Any]
ADMIN, COORDINATOR, OUTSIDER = "root", "petrova", "ivanov"
OBLIGATION = "2023/05/77"


@dataclass
class Key:
    """A person's Ed25519 key, as the chain registers it."""

    login: str
    private: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)

    @property
    def public(self) -> str:
        raw = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(raw).decode("ascii")

    @property
    def key_id(self) -> str:
        return hashlib.sha256(base64.b64decode(self.public)).hexdigest()[:16]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(base64.b64decode(self.public)).hexdigest()

    def sign(self, text: str) -> str:
        return base64.b64encode(self.private.sign(text.encode("utf-8"))).decode("ascii")


def at(minute: int) -> str:
    """An instant of the test log, `minute` minutes into it."""
    return f"2026-03-02T09:{minute:02d}:00.000000Z"


def event(kind: str, stream: str, payload: dict[str, Any], minute: int, **metadata: Any) -> Row:
    return {
        "position": 0, "event_id": str(uuid.uuid4()), "stream": stream, "type": kind, "version": 1,
        "schema_version": 1, "payload": payload, "metadata": {"actor": "system", **metadata},
        "occurred_at": at(minute), "recorded_at": at(minute),
    }  # fmt: skip


def seal(row: Row, key: Key, *, announce: bool = False) -> Row:
    """The writer's seal over the row as it stands."""
    body: dict[str, Any] = {"login": key.login, "key_id": key.key_id}
    if announce:
        body["public_key"] = key.public
    body["value"] = key.sign(seal_text(row))
    row["metadata"]["seal"] = body
    return row


def tx_sealed(row: Row, key: Key, *, span: int = 1, session: str = "5e55", **overrides: Any) -> Row:
    """A transaction seal on this row over it and the `span - 1` rows before it, made once the bundle is
    chained (`write_bundle`); `overrides` replace the seal's fields (seq, prev) after signing."""
    row["_tx"] = {"key": key, "span": span, "session": session, "overrides": overrides}
    return row


def _transaction_seals(rows: list[Row]) -> None:
    """Put the transaction seals `tx_sealed` asked for on chained rows, each session chained in order."""
    links: dict[str, tuple[int, str]] = {}
    for n, row in enumerate(rows):
        wanted = row.pop("_tx", None)
        if wanted is None:
            continue
        key, covered = wanted["key"], rows[n + 1 - wanted["span"] : n + 1]
        seq, prev = links.get(wanted["session"], (-1, FIRST_LINK))
        body: dict[str, Any] = {
            "first": covered[0]["position"], "key_id": key.key_id, "login": key.login, "prev": prev,
            "rows": "".join(r["hash"][:LOCATOR_DIGITS] for r in covered), "seal": 2, "seq": seq + 1,
            "session": wanted["session"],
        }  # fmt: skip
        link = seal_link(body, row["position"], row["hash"])
        body["value"] = key.sign(link)
        body.update(wanted["overrides"])
        links[wanted["session"]] = (seq + 1, link)
        row["seal"] = body


def signed_v2(row: Row, key: Key, action_id: str, minute: int) -> Row:
    """A person's version 2 signature: the text rebuilt from the event itself."""
    signature = {"key_id": key.key_id, "signed_at": at(minute)}
    text = action_text(row, signature, {"action_id": action_id, "fields": {}})
    row["metadata"]["signature"] = {**signature, "payload": text, "value": key.sign(text)}
    return row


def signed_v1(row: Row, key: Key, minute: int, **changes: Any) -> Row:
    """A version 1 signature (before action ids) naming the event, with `changes` to what it says."""
    payload = row["payload"]
    text = {
        "obligation": payload["obligation_id"], "action": "accept", "actor": row["metadata"]["actor"],
        "login": row["metadata"]["login"], "at": at(minute), "fields": {"reason": payload.get("comment")},
        **changes,
    }  # fmt: skip
    body = canonical(text)
    row["metadata"]["signature"] = {"key_id": key.key_id, "signed_at": at(minute), "payload": body,
                                    "value": key.sign(body)}  # fmt: skip
    return row


@dataclass
class SignedLog:
    """The founding admin, a coordinator with a key, and the rows that made them."""

    admin: Key = field(default_factory=lambda: Key(ADMIN))
    coordinator: Key = field(default_factory=lambda: Key(COORDINATOR))
    rows: list[Row] = field(default_factory=list)

    def __post_init__(self) -> None:
        a, c = self.admin, self.coordinator
        founder, coordinator = f"users/{ADMIN}", f"users/{COORDINATOR}"
        self.rows = [
            seal(event("UserAdded", founder, {"login": ADMIN, "roles": ["admin"]}, 0), a, announce=True),
            seal(event("UserKeyRegistered", founder,
                       {"login": ADMIN, "key_id": a.key_id, "public_key": a.public}, 1), a, announce=True),
            seal(event("UserAdded", coordinator, {"login": COORDINATOR, "roles": ["coordinator"]}, 2), a),
            seal(event("UserKeyRegistered", coordinator,
                       {"login": COORDINATOR, "key_id": c.key_id, "public_key": c.public}, 3), a),
        ]  # fmt: skip

    def accepted(self, minute: int, version: int = 2, obligation: str = OBLIGATION) -> Row:
        """The coordinator's acceptance, not yet signed or sealed."""
        row = event("SubmissionAccepted", f"obligation/{obligation}",
                    {"obligation_id": obligation, "comment": "принято"}, minute,
                    actor="coordinator", login=COORDINATOR)  # fmt: skip
        row["version"] = version
        return row

    def opened(self, minute: int) -> Row:
        return event("ObligationOpened", f"obligation/{OBLIGATION}", {"obligation_id": OBLIGATION}, minute)

    def then(self, *rows: Row) -> list[Row]:
        """The founding rows followed by `rows`, numbered in order."""
        every = [copy.deepcopy(r) for r in self.rows] + list(rows)
        for n, row in enumerate(every, start=1):
            row["position"] = n
        return every


def write_bundle(folder: Path, rows: list[Row]) -> Path:
    """An exported bundle of these rows: chained, with head.json, and the verifier's files beside them."""
    from reports.audit_export import SHIPPED

    folder.mkdir(parents=True, exist_ok=True)
    prev = bundle_verifier.GENESIS
    chained_rows = []
    for row in rows:
        chained = {**row, "prev_hash": prev}
        chained["hash"] = prev = bundle_verifier.row_hash(prev, chained)
        chained_rows.append(chained)
    _transaction_seals(chained_rows)
    lines = [json.dumps(chained, ensure_ascii=False) for chained in chained_rows]
    (folder / "events.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    (folder / "head.json").write_text(json.dumps({"position": len(rows), "hash": prev}), encoding="utf-8")
    (folder / "documents").mkdir(exist_ok=True)
    for source, name in SHIPPED:
        (folder / name).write_bytes(Path(source).read_bytes())
    return folder
