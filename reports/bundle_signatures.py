"""Every event's signatures, checked as an auditor would: standard library, plus `cryptography` if present.

Shipped in the audit bundle beside `verify_bundle.py` (which loads it; it loads the two below), and used by
`eci audit verify` on the live store, so both verifiers apply one set of rules, in log order, failing at
the first position:

* The writer's seal (`metadata.seal`). Once the log holds a sealed event, every later one is sealed:
  the seal's text is rebuilt from the row itself (event id, metadata without the seal, business time,
  payload, schema version, stream, type) and the Ed25519 signature must hold under a key the chain
  registered to the sealing login, live when the row was recorded. Events before the first sealed one
  (a log begun before sealing) are counted, not failed.
* Users change only by an admin: a `users/…` event is sealed by a key of a login holding `admin` at
  that position; the only exception is the founding admin, whose first `UserAdded` and key registration
  are sealed by their own key (carried in the seal). Such events are all the checker learns keys from.
* A person's signature on an action (`bundle_actions.py`, whose checks the checker takes in).

What fails is a `SignatureProblem`: a stable English code and a Russian message (`bundle_problems.py`).
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

if __package__:  # imported as `reports.bundle_signatures`
    from reports.bundle_actions import ACTION_OF, ActionChecks, action_key, canonical, instant
    from reports.bundle_problems import CODES, NOT_CHECKED, SignatureProblem, event_name, moment, who
    from reports.bundle_seals import USER_EVENTS, TransactionSeals
else:  # loaded from an exported bundle, beside the others
    from bundle_actions import (  # type: ignore[no-redef,import-not-found]
        ACTION_OF,
        ActionChecks,
        action_key,
        canonical,
        instant,
    )
    from bundle_problems import (  # type: ignore[no-redef,import-not-found]
        CODES,
        NOT_CHECKED,
        SignatureProblem,
        event_name,
        moment,
        who,
    )
    from bundle_seals import USER_EVENTS, TransactionSeals  # type: ignore[no-redef,import-not-found]

__all__ = ["ACTION_OF", "CODES", "NOT_CHECKED", "USER_EVENTS", "SignatureChecker", "SignatureProblem"]

USERS_PREFIX = "users/"


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


def _ed25519() -> Any:
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:
        return None
    return Ed25519PublicKey


class SignatureChecker(ActionChecks, TransactionSeals):
    """Feed it every row in chain order; it raises SignatureProblem at the first that does not hold.
    `row_at` gives a stored row's `hash` and `type` by position: asked only to name the row a failed
    transaction seal no longer covers, or an unsealed one."""

    def __init__(self, founder: str | None = None, trusted_through: int = 0, row_at: Any = None) -> None:
        # The first `trusted_through` events were verified in full before (their log extends a checkpoint
        # the auditor kept then): their seals and signatures are not checked again, while their users,
        # keys and action ids are still learned, so later events are judged against them.
        self.trusted_through = trusted_through
        self._trusting = False
        self.keys: dict[str, dict[str, Any]] = {}  # key id → login, public key, registered, revoked
        self.users: dict[str, dict[str, Any]] = {}  # login → roles, removed
        self.founder: dict[str, Any] | None = None
        self.expected_founder = founder.lower() if founder else None
        self.used: dict[str, int] = {}  # a person's action id (or signature) → the position it was used at
        self.signed = 0
        self.sealed = 0
        self.unsealed = 0
        self.key_class = _ed25519()
        self._init_seals(row_at)

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
        """After the last row (`position`, the head): every pending seal checked, nothing unsealed after
        the first seal, and a founder the auditor expects found."""
        self._finish_seals(position)
        if self.expected_founder and self.founder is None:
            raise SignatureProblem(
                "founder_missing",
                "в журнале нет первого администратора, а ожидался администратор с ключом "
                f"{self.expected_founder}",
                position,
            )

    def row(self, row: dict[str, Any]) -> None:
        """Check a person's signature (the more telling verdict comes first), then the row's seal and its
        authority; learn users and keys from what an admin sealed. Rows between transaction seals need
        only their position, type, recording time and hash, unless they are actions or users' events."""
        kind, position = row["type"], row["position"]
        self._trusting = position <= self.trusted_through
        try:
            if self.began and position == self.covered + 1:
                self.gap = (position, kind)  # named if no seal turns out to cover it
            if kind in ACTION_OF:
                if self._trusting:
                    self._remember(row, position)
                else:
                    self._action(row, position)
            metadata = row.get("metadata") or {}
            if metadata.get("seal") is not None:  # sealed alone (a log written before transaction seals)
                self._alone_sealed(position)
                self._seal(row, metadata["seal"], position)
                if kind in USER_EVENTS:
                    self._learn(kind, row["payload"], row["recorded_at"])
            elif kind in USER_EVENTS:
                self.waiting.append(row)
            if row.get("seal") is not None:
                self._transaction(row, row["seal"], position, self._trusting)
        except SignatureProblem as problem:
            raise self._earliest(problem) from None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a hand-made row, not a crash
            missing = isinstance(exc, KeyError) and exc.args
            what = f"нет поля {exc.args[0]}" if missing else "поле неверного вида"
            why = f"печать или подпись события не удаётся разобрать: {what}"
            raise self._earliest(SignatureProblem("signature_malformed", why, position)) from None

    # --- seals -----------------------------------------------------------------------------------

    def _remember(self, row: dict[str, Any], position: int) -> None:
        """A verified-before action: only what later ones are judged against (its action id, and that
        signing had begun)."""
        signature = row["metadata"].get("signature")
        if row["type"] in ACTION_OF and signature is not None:
            self.used[action_key(signature, json.loads(signature["payload"]))] = position
            self.signed += 1

    def _verify(self, public_key: str, value: str, text: str) -> bool:
        return self._trusting or self._signature_holds(public_key, value, text)

    def _signature_holds(self, public_key: str, value: str, text: str) -> bool:
        if self.key_class is None:
            return True
        try:
            self.key_class.from_public_bytes(base64.b64decode(public_key)).verify(
                base64.b64decode(value), text.encode("utf-8")
            )
        except Exception:  # cryptography's InvalidSignature, or a malformed value
            return False
        return True

    def _seal(self, row: dict[str, Any], seal: dict[str, Any], position: int) -> None:
        """A seal of this event alone (version 1): over the text rebuilt from the row."""
        if row["stream"].startswith(USERS_PREFIX):
            public = self._admin_key(row, seal, position)
        else:
            public = self._writer_key(seal, row["recorded_at"], position)
        if not self._verify(public, seal.get("value", ""), seal_text(row)):
            raise SignatureProblem(
                "seal_invalid",
                f"печать пользователя {who(seal.get('login'))} (ключ {who(seal.get('key_id'))}) не покрывает "
                "это событие: оно изменено после записи, или печать поддельная",
                position,
            )
        self.sealed += 1

    def _live_key(self, seal: dict[str, Any], at: str, position: int) -> dict[str, Any]:
        key_id, login = who(seal.get("key_id")), who(seal.get("login"))
        key = self.keys.get(seal.get("key_id", ""))
        if key is None:
            raise SignatureProblem(
                "key_unknown",
                f"событие запечатано ключом {key_id}, которого цепочка не регистрировала",
                position,
            )
        if key["login"] != seal.get("login"):
            raise SignatureProblem(
                "key_login_mismatch",
                f"ключ {key_id} принадлежит пользователю {key['login']}, а печать поставлена от имени "
                f"{login}",
                position,
            )
        when = instant(at)
        registered = key.get("registered_instant")
        if registered is None:  # parsed once per key: a verifier checks a key on every seal it made
            registered = key["registered_instant"] = instant(key["registered_at"])
        if when < registered:
            raise SignatureProblem(
                "key_not_live",
                f"ключ {key_id} пользователя {key['login']} зарегистрирован {moment(key['registered_at'])}, "
                f"позже записи события ({moment(at)})",
                position,
            )
        if key["revoked_at"] is not None and when >= instant(key["revoked_at"]):
            raise SignatureProblem(
                "key_revoked",
                f"ключ {key_id} пользователя {key['login']} отозван {moment(key['revoked_at'])}, до записи "
                f"события ({moment(at)})",
                position,
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
                "sealer_not_admin",
                f"событие {event_name(row['type'])} запечатано пользователем {who(login)}, который на этой "
                "позиции не администратор",
                position,
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
                    "founder_mismatch",
                    f"ключ первого администратора {who(payload['login'])} — {found}, а ожидался {expected}",
                    row["position"],
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
