"""The writer's seal from a key held here: every event a process appends is signed by its user's key.

`KeySealer` is what the store calls (`store.sealing.Sealer`). The founding admin's first events carry
the public key in the seal (`announce`), since the chain cannot know that key yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.eventing.metadata import SealRecord
from eci.identity.keys import SigningKey


@dataclass(frozen=True)
class KeySealer:
    """Seals with one user's key."""

    key: SigningKey
    announce: bool = False

    def seal(self, text: str) -> SealRecord:
        """The seal of `text` (`domain.eventing.seal`)."""
        return SealRecord(
            login=self.key.login,
            key_id=self.key.key_id,
            value=self.key.sign(text),
            public_key=self.key.public_b64 if self.announce else None,
        )
