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
from domain.identity.ed25519 import key_id_of
from domain.obligation.requests import SignedRequest
from domain.obligation.signing import SIGNATURE_WINDOW, signing_text

_ACTIONS_RU = {
    "submit": "представление документов",
    "accept": "принятие",
    "return": "возврат на доработку",
    "waive": "освобождение",
    "extend": "продление срока",
    "retime": "перенос срока",
}


def refused(action: str) -> str:
    """How a refusal of `action` begins: «принятие отклонено»."""
    return f"{_ACTIONS_RU.get(action, action)} отклонено"


_what = refused


def check_signature(
    action: str, obligation_id: str, request: SignedRequest, now: dt.datetime, *, current: bool = True
) -> SignatureRecord:
    """The signature as the event will keep it, or DomainError naming what is wrong.

    `current`: the request must carry an action id and the version its signer saw (the validators ask
    it of every new request; the handler, replaying requests recorded before those existed, does not).
    """
    signature = request.signature
    if signature is None:
        raise DomainError(
            f"{_what(action)}: запрос не подписан (ключ создаётся командой «eci users key init»)",
            "not_signed",
        )
    if current and (signature.action_id is None or signature.version is None):
        raise DomainError(
            f"{_what(action)}: в подписи нет номера действия и версии обязательства: обновите eci",
            "no_action_id",
        )
    try:
        raw_key = base64.b64decode(signature.public_key, validate=True)
        value = base64.b64decode(signature.value, validate=True)
        key = Ed25519PublicKey.from_public_bytes(raw_key)
    except (binascii.Error, ValueError):
        raise DomainError(f"{_what(action)}: подпись или её ключ повреждены", "bad_signature") from None
    if key_id_of(raw_key) != signature.key_id:
        raise DomainError(
            f"{_what(action)}: открытый ключ не совпадает с ключом {signature.key_id}", "key_mismatch"
        )
    text = signing_text(
        action, obligation_id, request, signature.login, signature.signed_at,
        action_id=signature.action_id, version=signature.version,
    )  # fmt: skip
    try:
        key.verify(value, text.encode("utf-8"))
    except InvalidSignature:
        raise DomainError(
            f"{_what(action)}: подпись не соответствует запросу", "signature_mismatch"
        ) from None
    if abs(now - signature.signed_at) > SIGNATURE_WINDOW:
        raise DomainError(
            f"{_what(action)}: запрос подписан {signature.signed_at:%d.%m.%Y %H:%M} UTC, слишком давно",
            "signature_stale",
        )
    return SignatureRecord(
        key_id=signature.key_id, signed_at=signature.signed_at, payload=text, value=signature.value
    )
