"""Every event's signatures, checked as an auditor would: standard library, plus `cryptography` if present.

Shipped in the audit bundle beside `verify_bundle.py` (which loads it), and used by `eci audit verify` on
the live store, so both verifiers apply one set of rules, in log order, failing at the first position:

* The writer's seal (`metadata.seal`). Once the log holds a sealed event, every later one is sealed:
  the seal's text is rebuilt from the row itself (event id, metadata without the seal, business time,
  payload, schema version, stream, type) and the Ed25519 signature must hold under a key the chain
  registered to the sealing login, live when the row was recorded. Events before the first sealed one
  (a log begun before sealing) are counted, not failed.
* Users change only by an admin: a `users/…` event is sealed by a key of a login holding `admin` at
  that position; the only exception is the founding admin, whose first `UserAdded` and key registration
  are sealed by their own key (carried in the seal). Such events are all the checker learns keys from.
* A person's signature on an action (`metadata.signature`): the key is registered to the event's login
  and was live when it signed; the signed text, rebuilt from the event (stream, type, actor, login, time,
  action id, the stream version before the event, each document's hash, size, type, file name, kind,
  number, date, issuer and title, the reason, the dates), is the text stored; the signature verifies;
  and no signature (action id) is used twice.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any

ACTION_OF = {
    "DocumentSubmitted": "submit",
    "SubmissionAccepted": "accept",
    "SubmissionReturned": "return",
    "ObligationWaived": "waive",
    "DeadlineExtended": "extend",
    "DeadlineRetimed": "retime",
}
USER_EVENTS = ("UserAdded", "UserRemoved", "UserKeyRegistered", "UserKeyRevoked")
USERS_PREFIX = "users/"
OBLIGATION_PREFIX = "obligation/"
NOT_CHECKED = "signatures not checked: install cryptography"
_UTC = dt.timezone.utc  # noqa: UP017 - the bundle runs on Python 3.8


class SignatureProblem(Exception):
    """A signature that does not hold; the message says why, `position` where."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


def canonical(value: Any) -> str:
    """The chain's canonical JSON: sorted keys, no spaces, UTF-8 text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def instant(text: str) -> dt.datetime:
    """An ISO 8601 instant (a trailing Z read as UTC, which Python before 3.11 does not)."""
    return dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)


def seal_text(row: dict[str, Any]) -> str:
    """What a seal covers, rebuilt from the row (`domain.eventing.seal`)."""
    metadata = {name: value for name, value in row["metadata"].items() if name != "seal"}
    return canonical({
        "event_id": row["event_id"], "metadata": metadata, "occurred_at": row["occurred_at"],
        "payload": row["payload"], "schema_version": row["schema_version"], "seal": 1,
        "stream": row["stream"], "type": row["type"],
    })  # fmt: skip


def key_id_of(public_key: str) -> str:
    """A key's id: the first 16 hex digits of the SHA-256 of its raw bytes."""
    return hashlib.sha256(base64.b64decode(public_key)).hexdigest()[:16]


def fingerprint(public_key: str) -> str:
    """The whole SHA-256 of a key's raw bytes (the founding admin's is what auditors keep)."""
    return hashlib.sha256(base64.b64decode(public_key)).hexdigest()


def _document(document: dict[str, Any]) -> dict[str, Any]:
    details, file = document.get("details", {}), document.get("file", {})
    return {
        "sha256": file.get("sha256"), "size": file.get("size"), "media_type": file.get("media_type"),
        "filename": file.get("filename"), "kind": details.get("kind"), "number": details.get("number"),
        "date": details.get("date"), "issuer": details.get("issuer"), "title": details.get("title"),
    }  # fmt: skip


def signed_fields(row: dict[str, Any], claimed: dict[str, Any]) -> dict[str, Any]:
    """What a version 2 signature says the action asked, as the recorded event keeps it (`claimed`: the
    signed fields, for the one that is a permission rather than a fact of the event)."""
    kind, payload, meta = row["type"], row["payload"], row["metadata"]
    if kind == "DocumentSubmitted":
        fields = {
            "documents": [_document(d) for d in payload.get("documents", [])],
            "milestone": payload.get("milestone"), "comment": payload.get("comment"),
            "mail": (meta.get("mail") or {}).get("sha256"),
        }  # fmt: skip
        if claimed.get("replaces_review") is True:  # the rules' leave to replace the version under review
            fields["replaces_review"] = True
        return fields
    if kind == "SubmissionAccepted":
        return {"comment": payload.get("comment")}
    if kind in ("SubmissionReturned", "ObligationWaived"):
        return {"reason": payload.get("reason")}
    return {
        "due": payload.get("due"),
        "effective_due": payload.get("effective_due"),
        "reason": payload.get("reason"),
    }


def action_text(row: dict[str, Any], signature: dict[str, Any], signed: dict[str, Any]) -> str:
    """The version 2 text a person signed for this event, rebuilt from the event alone (the signed
    text gives only its action id and the leave to replace a review)."""
    stream, meta = row["stream"], row["metadata"]
    return canonical({
        "v": 2, "action": ACTION_OF[row["type"]],
        "obligation": stream[len(OBLIGATION_PREFIX):] if stream.startswith(OBLIGATION_PREFIX) else stream,
        "actor": meta.get("actor"), "login": meta.get("login"),
        "at": instant(signature["signed_at"]).astimezone(_UTC).isoformat(),
        "action_id": signed.get("action_id"), "version": row["version"] - 1,
        "fields": signed_fields(row, signed.get("fields") or {}),
    })  # fmt: skip


def first_difference(signed: Any, ours: Any, path: str = "") -> str:
    """Where two JSON values first differ, as `path: 'signed' is not the event's 'ours'`."""
    if isinstance(signed, dict) and isinstance(ours, dict):
        for name in sorted(set(signed) | set(ours)):
            if signed.get(name) != ours.get(name):
                return first_difference(signed.get(name), ours.get(name), f"{path}.{name}" if path else name)
    if isinstance(signed, list) and isinstance(ours, list) and len(signed) == len(ours):
        for n, (a, b) in enumerate(zip(signed, ours)):  # noqa: B905 - equal lengths, and Python 3.8
            if a != b:
                return first_difference(a, b, f"{path}[{n}]")
    return f"the signed {path or 'text'} {signed!r} is not the event's {ours!r}"


def _ed25519() -> Any:
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:
        return None
    return Ed25519PublicKey


class SignatureChecker:
    """Feed it every row in chain order; it raises SignatureProblem at the first that does not hold."""

    def __init__(self, founder: str | None = None) -> None:
        self.keys: dict[str, dict[str, Any]] = {}  # key id → login, public key, registered, revoked
        self.users: dict[str, dict[str, Any]] = {}  # login → roles, removed
        self.founder: dict[str, Any] | None = None
        self.expected_founder = founder.lower() if founder else None
        self.used: dict[str, int] = {}  # a person's action id (or signature) → the position it was used at
        self.signed = 0
        self.sealed = 0
        self.unsealed = 0
        self.key_class = _ed25519()

    def summary(self) -> dict[str, Any]:
        """How many signatures and seals were checked, and whether cryptographically."""
        result: dict[str, Any] = {"signatures": self.signed, "signatures_checked": self.key_class is not None}
        if self.sealed:
            result["seals"] = self.sealed
        if self.sealed and self.unsealed:
            result["unsealed_before_sealing"] = self.unsealed
        if self.founder is not None:
            result["founder"] = {
                "login": self.founder["login"], "key_id": self.founder["key_id"],
                "fingerprint": fingerprint(self.founder["public_key"]),
            }  # fmt: skip
        return result

    def finish(self, position: int) -> None:
        """After the last row: a founder the auditor expects must have been found."""
        if self.expected_founder and self.founder is None:
            raise SignatureProblem("the log has no founding admin, though one was expected", position)

    def row(self, row: dict[str, Any]) -> None:
        """Check a person's signature (the more telling verdict comes first), then the row's seal and its
        authority; learn users and keys from what an admin sealed."""
        kind, position = row["type"], row["position"]
        if kind in ACTION_OF:
            self._action(row, position)
        sealed = self._seal(row, position)
        if kind in USER_EVENTS and (sealed or not self.sealed):
            self._learn(kind, row["payload"], row["recorded_at"])

    # --- seals -----------------------------------------------------------------------------------

    def _verify(self, public_key: str, value: str, text: str) -> bool:
        if self.key_class is None:
            return True
        try:
            self.key_class.from_public_bytes(base64.b64decode(public_key)).verify(
                base64.b64decode(value), text.encode("utf-8")
            )
        except Exception:  # cryptography's InvalidSignature, or a malformed value
            return False
        return True

    def _seal(self, row: dict[str, Any], position: int) -> bool:
        seal = row["metadata"].get("seal")
        if seal is None:
            if self.sealed:
                raise SignatureProblem(f"{row['type']} is not sealed, though earlier events are", position)
            self.unsealed += 1
            return False
        if row["stream"].startswith(USERS_PREFIX):
            public = self._admin_key(row, seal, position)
        else:
            public = self._writer_key(seal, row["recorded_at"], position)
        if not self._verify(public, seal.get("value", ""), seal_text(row)):
            raise SignatureProblem(f"the seal of {seal.get('login')} does not cover this event", position)
        self.sealed += 1
        return True

    def _live_key(self, seal: dict[str, Any], at: str, position: int) -> dict[str, Any]:
        key = self.keys.get(seal.get("key_id", ""))
        if key is None:
            raise SignatureProblem(
                f"sealed by key {seal.get('key_id')}, which the chain never registered", position
            )
        if key["login"] != seal.get("login"):
            raise SignatureProblem(
                f"key {seal.get('key_id')} is {key['login']}'s, not {seal.get('login')}'s", position
            )
        if instant(at) < instant(key["registered_at"]) or (
            key["revoked_at"] is not None and instant(at) >= instant(key["revoked_at"])
        ):
            raise SignatureProblem(
                f"key {seal.get('key_id')} of {key['login']} was not live when this was recorded", position
            )
        return key

    def _writer_key(self, seal: dict[str, Any], at: str, position: int) -> str:
        return str(self._live_key(seal, at, position)["public_key"])

    def _admin_key(self, row: dict[str, Any], seal: dict[str, Any], position: int) -> str:
        founding = self._founding_key(row, seal)
        if founding is not None:
            return founding
        login = seal.get("login")
        user = self.users.get(login or "")
        if user is None or user["removed"] or "admin" not in user["roles"]:
            raise SignatureProblem(
                f"{row['type']} is sealed by {login}, who is not an admin at this position", position
            )
        return str(self._live_key(seal, row["recorded_at"], position)["public_key"])

    def _founding_key(self, row: dict[str, Any], seal: dict[str, Any]) -> str | None:
        """The founding admin's own key, for their first UserAdded and its key registration."""
        payload, public = row["payload"], seal.get("public_key")
        if not public or key_id_of(public) != seal.get("key_id"):
            return None
        if self.founder is None:
            if row["type"] != "UserAdded" or "admin" not in payload.get("roles", ()):
                return None
            if payload.get("login") != seal.get("login"):
                return None
            self.founder = {"login": payload["login"], "key_id": seal["key_id"], "public_key": public}
            self.founder["registered"] = False
            if self.expected_founder and fingerprint(public) != self.expected_founder:
                found, expected = fingerprint(public), self.expected_founder
                raise SignatureProblem(
                    f"the founding admin's key {found} is not the expected {expected}", row["position"]
                )
            return str(public)
        founder = self.founder
        own = (
            row["type"] == "UserKeyRegistered" and payload.get("login") == founder["login"]
            and payload.get("key_id") == founder["key_id"] == seal.get("key_id")
            and payload.get("public_key") == founder["public_key"] == public and not founder["registered"]
        )  # fmt: skip
        if not own:
            return None
        founder["registered"] = True
        return str(public)

    def _learn(self, kind: str, payload: dict[str, Any], at: str) -> None:
        login = payload.get("login", "")
        if kind == "UserAdded":
            self.users[login] = {"roles": set(payload.get("roles", ())), "removed": False}
        elif kind == "UserRemoved":
            if login in self.users:
                self.users[login]["removed"] = True
            for key in self.keys.values():
                if key["login"] == login and key["revoked_at"] is None:
                    key["revoked_at"] = at
        elif kind == "UserKeyRegistered" and payload.get("key_id") not in self.keys:
            self.keys[payload["key_id"]] = {
                "login": login, "public_key": payload["public_key"], "registered_at": at, "revoked_at": None,
            }  # fmt: skip
        elif kind == "UserKeyRevoked" and payload.get("key_id") in self.keys:
            key = self.keys[payload["key_id"]]
            if key["revoked_at"] is None:
                key["revoked_at"] = payload["revoked_at"]

    # --- a person's signature on an action -------------------------------------------------------

    def _action(self, row: dict[str, Any], position: int) -> None:
        meta, signature = row["metadata"], row["metadata"].get("signature")
        if signature is None:
            if self.signed:
                raise SignatureProblem(f"{row['type']} is not signed, though earlier actions are", position)
            return
        key = self.keys.get(signature["key_id"])
        if key is None:
            raise SignatureProblem(
                f"signed by key {signature['key_id']}, which the chain never registered", position
            )
        if key["login"] != meta.get("login"):
            raise SignatureProblem(
                f"key {signature['key_id']} is {key['login']}'s, not {meta.get('login')}'s", position
            )
        signed_at = instant(signature["signed_at"])
        if signed_at < instant(key["registered_at"]):
            raise SignatureProblem(f"signed at {signature['signed_at']}, before key registration", position)
        if key["revoked_at"] is not None and signed_at >= instant(key["revoked_at"]):
            raise SignatureProblem(f"key {signature['key_id']} was revoked at {key['revoked_at']}", position)
        signed = json.loads(signature["payload"])
        if signed.get("v") == 2:
            self._rebuilt(row, signature, signed, position)
        else:
            self._covers(row, signed, signed_at, position)
        if not self._verify(key["public_key"], signature["value"], signature["payload"]):
            raise SignatureProblem("the signature does not verify under its key", position)
        used = str(signed.get("action_id") or signature["value"])
        if used in self.used:
            raise SignatureProblem(f"the signature was used already, at position {self.used[used]}", position)
        self.used[used] = position
        self.signed += 1

    def _rebuilt(
        self, row: dict[str, Any], signature: dict[str, Any], signed: dict[str, Any], position: int
    ) -> None:
        """A version 2 text is the one rebuilt from the event, byte for byte."""
        stream, obligation = row["stream"], row["payload"].get("obligation_id")
        if stream != OBLIGATION_PREFIX + str(obligation):
            raise SignatureProblem(f"the event of obligation {obligation} is in stream {stream}", position)
        ours = action_text(row, signature, signed)
        if ours != signature["payload"]:
            difference = first_difference(signed, json.loads(ours))
            raise SignatureProblem(
                f"the signed request differs from the recorded {row['type']}: {difference}", position
            )

    def _covers(self, row: dict[str, Any], signed: dict[str, Any], at: dt.datetime, position: int) -> None:
        """A version 1 text (signed before action ids) names this very event."""
        payload, meta, fields = row["payload"], row["metadata"], signed.get("fields", {})
        expected = {
            "obligation": payload.get("obligation_id"), "action": ACTION_OF[row["type"]],
            "actor": meta.get("actor"), "login": meta.get("login"),
        }  # fmt: skip
        for name, value in expected.items():
            if signed.get(name) != value:
                raise SignatureProblem(
                    f"the signed {name} {signed.get(name)!r} is not the event's {value!r}", position
                )
        if row["stream"] != OBLIGATION_PREFIX + str(payload.get("obligation_id")):
            raise SignatureProblem(
                f"the event of obligation {payload.get('obligation_id')} is in stream {row['stream']}",
                position,
            )
        if instant(signed["at"]) != at:
            raise SignatureProblem("the signed time is not the signature's time", position)
        kind = row["type"]
        if kind == "DocumentSubmitted":
            ours = [d["file"]["sha256"] for d in payload.get("documents", [])]
            theirs = [d.get("sha256") for d in fields.get("documents", [])]
            mail = (meta.get("mail") or {}).get("sha256")
            same = (
                ours == theirs
                and fields.get("mail") == mail
                and all(fields.get(name) == payload.get(name) for name in ("comment", "milestone"))
            )
        elif kind == "SubmissionAccepted":
            same = fields.get("reason") == payload.get("comment")
        elif kind in ("SubmissionReturned", "ObligationWaived"):
            same = _strip(fields.get("reason")) == payload.get("reason")
        else:
            same = fields.get("due") == payload.get("due") and _strip(fields.get("reason")) == payload.get(
                "reason"
            )
        if not same:
            raise SignatureProblem(f"the signed request differs from the recorded {kind}", position)


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value
