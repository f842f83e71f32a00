"""What a person's signature covers: one canonical JSON text per action, built from the request itself.

The client signs it and the workflow rebuilds it from the request it received, so any field changed on
the way (an obligation, a reason, a date, a document's hash or details) no longer matches the signature.
The text is kept in the event's metadata, so a verifier with the public key checks it with no other
code than a JSON parser and Ed25519.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from domain.obligation.requests import (
    ExtendRequest,
    RetimeRequest,
    ReviewRequest,
    SignedRequest,
    SubmitRequest,
)

SIGNATURE_VERSION = 1
# How far a signature's time may be from the workflow's clock: a captured request cannot be replayed
# later, while a client's clock a few minutes off still works.
SIGNATURE_WINDOW = dt.timedelta(minutes=15)
ACTIONS = ("submit", "accept", "return", "waive", "extend", "retime")


def canonical(fields: dict[str, Any]) -> str:
    """The canonical JSON the chain uses too: sorted keys, no spaces, UTF-8 text."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _fields(request: SignedRequest) -> dict[str, Any]:
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
        return {
            "documents": documents,
            "milestone": request.milestone,
            "comment": request.comment,
            "mail": mail,
        }
    if isinstance(request, ExtendRequest | RetimeRequest):
        return {"due": request.deadline.due.isoformat(), "reason": request.reason}
    if isinstance(request, ReviewRequest):
        return {"reason": request.reason}
    raise TypeError(f"not a signed request: {type(request).__name__}")


def signing_text(action: str, obligation_id: str, request: SignedRequest, login: str, at: dt.datetime) -> str:
    """The exact text signed for `action` on `obligation_id` by `login` at `at`."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return canonical(
        {
            "v": SIGNATURE_VERSION,
            "action": action,
            "obligation": obligation_id,
            "actor": str(request.actor),
            "login": login,
            "at": at.astimezone(dt.UTC).isoformat(),
            "fields": _fields(request),
        }
    )
