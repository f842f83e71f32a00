"""The writer's seal from a key held here: every event a process appends is signed by its user's key.

`KeySealer` is what the store calls (`store.sealing.Sealer`), once per append transaction while it holds
the append lock, so it does no more than sign: the key's id and public half are worked out once. The
founding admin's first events carry the public key in the seal (`announce`), since the chain cannot
know that key yet.
"""

from __future__ import annotations

from domain.eventing.metadata import SealRecord
from eci.identity.keys import SigningKey


class KeySealer:
    """Seals with one user's key."""

    def __init__(self, key: SigningKey, announce: bool = False) -> None:
        self.key = key
        self.login = key.login
        self.key_id = key.key_id
        self.public_key = key.public_b64 if announce else None

    def seal(self, text: str) -> SealRecord:
        """The seal of `text`: a transaction seal's digest (`domain.eventing.seal.seal_link`)."""
        # Built without validation: the fields are this key's own, checked when it was loaded.
        return SealRecord.model_construct(
            login=self.login, key_id=self.key_id, value=self.key.sign(text), public_key=self.public_key
        )
