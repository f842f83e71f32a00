"""A person's signature on an action (`metadata.signature`), checked as an auditor would: the key is
registered to the event's login and was live when it signed; the signed text, rebuilt from the event
(stream, type, actor, login, time, action id, the stream version before the event, each document's hash,
size, type, file name, kind, number, date, issuer and title, the reason, the dates), is the text stored;
the signature verifies; and no signature (action id) is used twice.

Shipped in the audit bundle beside `bundle_signatures.py`, whose checker takes these checks in; standard
library only, Python 3.8.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

if __package__:  # imported as `reports.bundle_actions`
    from reports.bundle_problems import SignatureProblem, difference, event_name, moment, who
else:  # loaded from an exported bundle, beside bundle_problems.py
    from bundle_problems import SignatureProblem, difference, event_name, moment, who  # type: ignore[no-redef,import-not-found]

ACTION_OF = {
    "DocumentSubmitted": "submit",
    "SubmissionAccepted": "accept",
    "SubmissionReturned": "return",
    "ObligationWaived": "waive",
    "DeadlineExtended": "extend",
    "DeadlineRetimed": "retime",
}
OBLIGATION_PREFIX = "obligation/"
_UTC = dt.timezone.utc  # noqa: UP017 - the bundle runs on Python 3.8


def canonical(value: Any) -> str:
    """The chain's canonical JSON: sorted keys, no spaces, UTF-8 text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def instant(text: str) -> dt.datetime:
    """An ISO 8601 instant (a trailing Z read as UTC, which Python before 3.11 does not)."""
    return dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)


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
    """Where two JSON values first differ, in Russian: `комментарий: подписано «…», в событии — пусто`."""
    if isinstance(signed, dict) and isinstance(ours, dict):
        for name in sorted(set(signed) | set(ours)):
            if signed.get(name) != ours.get(name):
                return first_difference(signed.get(name), ours.get(name), f"{path}.{name}" if path else name)
    if isinstance(signed, list) and isinstance(ours, list) and len(signed) == len(ours):
        for n, (a, b) in enumerate(zip(signed, ours)):  # noqa: B905 - equal lengths, and Python 3.8
            if a != b:
                return first_difference(a, b, f"{path}[{n}]")
    return difference(path, signed, ours)


def action_key(signature: dict[str, Any], signed: dict[str, Any]) -> str:
    """What makes a signed action one of a kind: its action id (a signature made before action ids
    stands for itself); used twice in a log, it is a replay."""
    return str(signed.get("action_id") or signature["value"])


class ActionChecks:
    """The checks of a person's signature, taken in by `SignatureChecker` (whose keys, count of signatures,
    used action ids and Ed25519 check they use)."""

    keys: dict[str, dict[str, Any]]
    used: dict[str, int]
    signed: int

    def _verify(self, public_key: str, value: str, text: str) -> bool:
        raise NotImplementedError

    def _action(self, row: dict[str, Any], position: int) -> None:
        meta, signature = row["metadata"], row["metadata"].get("signature")
        if signature is None:
            if self.signed:
                raise SignatureProblem(
                    "unsigned_after_signing",
                    f"действие {event_name(row['type'])} не подписано, хотя более ранние действия подписаны",
                    position,
                )
            return
        key_id, login = who(signature["key_id"]), who(meta.get("login"))
        key = self.keys.get(signature["key_id"])
        if key is None:
            raise SignatureProblem(
                "key_unknown",
                f"действие подписано ключом {key_id}, которого цепочка не регистрировала",
                position,
            )
        if key["login"] != meta.get("login"):
            raise SignatureProblem(
                "key_login_mismatch",
                f"ключ {key_id} принадлежит пользователю {key['login']}, а действие записано от имени "
                f"{login}",
                position,
            )
        signed_at = instant(signature["signed_at"])
        if signed_at < instant(key["registered_at"]):
            raise SignatureProblem(
                "key_not_live",
                f"действие подписано {moment(signature['signed_at'])}, до регистрации ключа {key_id} "
                f"({moment(key['registered_at'])})",
                position,
            )
        if key["revoked_at"] is not None and signed_at >= instant(key["revoked_at"]):
            raise SignatureProblem(
                "key_revoked",
                f"действие подписано {moment(signature['signed_at'])}, когда ключ {key_id} пользователя "
                f"{key['login']} был уже отозван ({moment(key['revoked_at'])})",
                position,
            )
        signed = json.loads(signature["payload"])
        if signed.get("v") == 2:
            self._rebuilt(row, signature, signed, position)
        else:
            self._covers(row, signed, signed_at, position)
        if not self._verify(key["public_key"], signature["value"], signature["payload"]):
            raise SignatureProblem(
                "signature_invalid",
                f"подпись пользователя {login} не сходится с ключом {key_id}: подпись или подписанный текст "
                "изменены",
                position,
            )
        used = action_key(signature, signed)
        if used in self.used:
            raise SignatureProblem(
                "signature_reused", f"эта подпись уже использована на позиции {self.used[used]}", position
            )
        self.used[used] = position
        self.signed += 1

    def _elsewhere(self, obligation: Any, stream: Any, position: int) -> SignatureProblem:
        where = (
            f"поток обязательства {stream[len(OBLIGATION_PREFIX) :]}"
            if isinstance(stream, str) and stream.startswith(OBLIGATION_PREFIX)
            else f"поток {stream}"
        )
        return SignatureProblem(
            "stream_mismatch", f"событие обязательства {obligation} записано в {where}", position
        )

    def _differs(self, row: dict[str, Any], position: int, what: str = "") -> SignatureProblem:
        text = f"подписанный запрос расходится с записанным событием {event_name(row['type'])}"
        return SignatureProblem("signed_text_mismatch", f"{text}: {what}" if what else text, position)

    def _rebuilt(
        self, row: dict[str, Any], signature: dict[str, Any], signed: dict[str, Any], position: int
    ) -> None:
        """A version 2 text is the one rebuilt from the event, byte for byte."""
        stream, obligation = row["stream"], row["payload"].get("obligation_id")
        if stream != OBLIGATION_PREFIX + str(obligation):
            raise self._elsewhere(obligation, stream, position)
        ours = action_text(row, signature, signed)
        if ours != signature["payload"]:
            raise self._differs(row, position, first_difference(signed, json.loads(ours)))

    def _covers(self, row: dict[str, Any], signed: dict[str, Any], at: dt.datetime, position: int) -> None:
        """A version 1 text (signed before action ids) names this very event."""
        payload, meta, fields = row["payload"], row["metadata"], signed.get("fields", {})
        expected = {
            "obligation": payload.get("obligation_id"), "action": ACTION_OF[row["type"]],
            "actor": meta.get("actor"), "login": meta.get("login"),
        }  # fmt: skip
        for name, value in expected.items():
            if signed.get(name) != value:
                raise self._differs(row, position, difference(name, signed.get(name), value))
        if row["stream"] != OBLIGATION_PREFIX + str(payload.get("obligation_id")):
            raise self._elsewhere(payload.get("obligation_id"), row["stream"], position)
        if instant(signed["at"]) != at:
            raise SignatureProblem(
                "signed_time_mismatch",
                f"время в подписанном тексте ({moment(signed['at'])}) не совпадает со временем подписи "
                f"({moment(at.isoformat())})",
                position,
            )
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
            raise self._differs(row, position)


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value
