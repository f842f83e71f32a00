"""What a person's signature covers: one canonical JSON text per action, built from the request itself.

The client signs it and the workflow rebuilds it from the request it received, so any field changed on
the way (an obligation, a reason, a date, a document's hash or details) no longer matches the signature.
The text is kept in the event's metadata, so a verifier with the public key checks it with no other
code than a JSON parser and Ed25519.

Version 2 (every action signed now) adds the action's id and the stream version the signer saw, and
names its fields as the recorded event names them, with the values the event keeps (a reason trimmed,
every document's file name, size and type beside its hash and details): a verifier rebuilds the whole
text from the event alone and compares. Version 1 texts stay readable for what was signed before.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from domain.documents import SubmittedDocument
from domain.obligation.requests import (
    ExtendRequest,
    RetimeRequest,
    ReviewRequest,
    SignedRequest,
    SubmitRequest,
)

SIGNATURE_VERSION = 2
LEGACY_VERSION = 1
# How far a signature's time may be from the workflow's clock: a captured request cannot be replayed
# later, while a client's clock a few minutes off still works.
SIGNATURE_WINDOW = dt.timedelta(minutes=15)
ACTIONS = ("submit", "accept", "return", "waive", "extend", "retime")


def canonical(fields: dict[str, Any]) -> str:
    """The canonical JSON the chain uses too: sorted keys, no spaces, UTF-8 text."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _legacy_fields(request: SignedRequest) -> dict[str, Any]:
    if isinstance(request, SubmitRequest):
        documents = [
            {
                "sha256": d.file.sha256,
                "kind": d.details.kind.value,
                "number": d.details.number,
                "date": d.details.date.isoformat(),
                "issuer": d.details.issuer,
                "title": d.details.title,
            }
            for d in request.documents
        ]
        mail = request.mail.sha256 if request.mail else None
        fields: dict[str, Any] = {
            "documents": documents,
            "milestone": request.milestone,
            "comment": request.comment,
            "mail": mail,
        }
        if request.replaces_review:  # only then, so that every earlier signed text reads as it was
            fields["replaces_review"] = True
        return fields
    if isinstance(request, ExtendRequest | RetimeRequest):
        return {"due": request.deadline.due.isoformat(), "reason": request.reason}
    if isinstance(request, ReviewRequest):
        return {"reason": request.reason}
    raise TypeError(f"not a signed request: {type(request).__name__}")


def _document(document: SubmittedDocument) -> dict[str, Any]:
    details, file = document.details, document.file
    return {
        "sha256": file.sha256,
        "size": file.size,
        "media_type": file.media_type,
        "filename": file.filename,
        "kind": details.kind.value,
        "number": details.number,
        "date": details.date.isoformat(),
        "issuer": details.issuer,
        "title": details.title,
    }


def _fields(request: SignedRequest) -> dict[str, Any]:
    """What the action asks, named and valued as the event the workflow records from it."""
    if isinstance(request, SubmitRequest):
        fields: dict[str, Any] = {
            "documents": [_document(d) for d in request.documents],
            "milestone": request.milestone,
            "comment": request.comment,
            "mail": request.mail.sha256 if request.mail else None,
        }
        if request.replaces_review:  # a permission the rules read, not a fact the event keeps
            fields["replaces_review"] = True
        return fields
    if isinstance(request, ExtendRequest | RetimeRequest):
        deadline = request.deadline
        return {
            "due": deadline.due.isoformat(),
            "effective_due": deadline.effective_due.isoformat(),
            "reason": request.reason.strip(),
        }
    if isinstance(request, ReviewRequest):
        return {"reason": (request.reason or "").strip()}
    raise TypeError(f"not a signed request: {type(request).__name__}")


def review_fields(action: str, request: ReviewRequest) -> dict[str, Any]:
    """Accept keeps the reason as the event's comment, as given; return and waive keep it trimmed."""
    if action == "accept":
        return {"comment": request.reason}
    return _fields(request)


def signing_text(
    action: str,
    obligation_id: str,
    request: SignedRequest,
    login: str,
    at: dt.datetime,
    *,
    action_id: str | None = None,
    version: int | None = None,
) -> str:
    """The exact text signed for `action` on `obligation_id` by `login` at `at`: version 2 with an
    action id and the version seen, version 1 (as recorded before they existed) without."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    envelope: dict[str, Any] = {
        "action": action,
        "obligation": obligation_id,
        "actor": str(request.actor),
        "login": login,
        "at": at.astimezone(dt.UTC).isoformat(),
    }
    if action_id is None:
        return canonical({**envelope, "v": LEGACY_VERSION, "fields": _legacy_fields(request)})
    fields = review_fields(action, request) if isinstance(request, ReviewRequest) else _fields(request)
    return canonical(
        {**envelope, "v": SIGNATURE_VERSION, "action_id": action_id, "version": version, "fields": fields}
    )
