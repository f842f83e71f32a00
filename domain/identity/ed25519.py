"""Ed25519 as the identity rules need it: whether a signature holds, a key's id and its fingerprint, and
the names a private key goes by (shared by a person's key and the log's key).

Pure computation (no I/O), so the users' fold and the workflow's validators may call it. Results are
remembered: the users' streams are folded again for every action, and their seals do not change.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def key_id_of(public_key: bytes) -> str:
    """A key's id: the first 16 hex digits of the SHA-256 of its raw 32 bytes."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def fingerprint(public_key_b64: str) -> str:
    """The whole SHA-256 of a public key's raw bytes, as auditors keep the founding admin's."""
    return hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()


@functools.lru_cache(maxsize=8192)
def verifies(public_key_b64: str, value_b64: str, text: str) -> bool:
    """Whether `value_b64` is a valid Ed25519 signature of the UTF-8 `text` under the key."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
        key.verify(base64.b64decode(value_b64, validate=True), text.encode("utf-8"))
    except (binascii.Error, ValueError, InvalidSignature):
        return False
    return True


def id_matches(public_key_b64: str, key_id: str) -> bool:
    """Whether the public key hashes to `key_id`."""
    try:
        return key_id_of(base64.b64decode(public_key_b64, validate=True)) == key_id
    except (binascii.Error, ValueError):
        return False


class PrivateKeyNames:
    """What a holder of an Ed25519 private key (`private`) shows and does: its public key, its id, and
    signatures. Mixed into the frozen dataclasses that hold the key."""

    private: Ed25519PrivateKey

    @property
    def public_raw(self) -> bytes:
        """The public key's raw 32 bytes."""
        raw = serialization.Encoding.Raw
        return self.private.public_key().public_bytes(raw, serialization.PublicFormat.Raw)

    @property
    def public_b64(self) -> str:
        """The public key as the store, signatures and checkpoints carry it."""
        return base64.b64encode(self.public_raw).decode("ascii")

    @property
    def key_id(self) -> str:
        """The key's id (16 hex digits of its SHA-256)."""
        return key_id_of(self.public_raw)

    def sign(self, text: str) -> str:
        """Base64 of the Ed25519 signature over the UTF-8 text."""
        return base64.b64encode(self.private.sign(text.encode("utf-8"))).decode("ascii")
