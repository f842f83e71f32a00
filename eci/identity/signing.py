"""Signing an action on the client, with the signed-in user's key, just before it is sent."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from domain.obligation.requests import ActionSignature, SignedRequest
from domain.obligation.signing import signing_text
from eci.identity.keys import SigningKey

R = TypeVar("R", bound=SignedRequest)


def sign_request(
    key: SigningKey, action: str, obligation_id: str, request: R, at: dt.datetime | None = None
) -> R:
    """The request with `key`'s signature over what it asks (`domain.obligation.signing`), made now."""
    at = at or dt.datetime.now(dt.UTC)
    text = signing_text(action, obligation_id, request, key.login, at)
    signature = ActionSignature(
        login=key.login, key_id=key.key_id, public_key=key.public_b64, signed_at=at, value=key.sign(text)
    )
    return request.model_copy(update={"signature": signature})
