"""The workflow's own check of a signed update, run in its validators: no signature, a key that is not
the one named, a signature that does not cover the request as received, or a stale one, is rejected
before the update is accepted, so nothing reaches the history or the store.

Deterministic: Ed25519 verification is a pure function of the request and the workflow's clock.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from domain.errors import DomainError
from domain.eventing.metadata import SignatureRecord
from domain.identity.users import key_id_of
from domain.obligation.requests import SignedRequest
from domain.obligation.signing import SIGNATURE_WINDOW, signing_text


def check_signature(
    action: str, obligation_id: str, request: SignedRequest, now: dt.datetime
) -> SignatureRecord:
    """The signature as the event will keep it, or DomainError naming what is wrong."""
    signature = request.signature
    if signature is None:
        raise DomainError(f"{action} refused: the request is not signed (sign with `eci users key init`)")
    try:
        raw_key = base64.b64decode(signature.public_key, validate=True)
        value = base64.b64decode(signature.value, validate=True)
        key = Ed25519PublicKey.from_public_bytes(raw_key)
    except (binascii.Error, ValueError):
        raise DomainError(f"{action} refused: the signature or its key is malformed") from None
    if key_id_of(raw_key) != signature.key_id:
        raise DomainError(f"{action} refused: the public key is not key {signature.key_id}")
    text = signing_text(action, obligation_id, request, signature.login, signature.signed_at)
    try:
        key.verify(value, text.encode("utf-8"))
    except InvalidSignature:
        raise DomainError(f"{action} refused: the signature does not match the request") from None
    if abs(now - signature.signed_at) > SIGNATURE_WINDOW:
        raise DomainError(
            f"{action} refused: signed at {signature.signed_at:%Y-%m-%d %H:%M} UTC, too far from now"
        )
    return SignatureRecord(
        key_id=signature.key_id, signed_at=signature.signed_at, payload=text, value=signature.value
    )
