"""The reply token: which obligation a region's emailed reply answers, and proof that the tracker said so.

Every message to a region's official carries `Reply-To: <local>+<token>@<domain>`. The token names the
obligation and the key it was made with, and carries a MAC: truncated HMAC-SHA256 over (obligation id,
recipient address, key id) under that key's secret. A reply is read back only with a MAC made for its
own sender's address, so a token copied to another mailbox, or typed by hand, proves nothing.

Tokens live in an address's local part (at most 64 octets, ASCII, case-insensitive on many servers):
`2026-02-12.k1.3f9a0c2b7d1e4a56` — cycle, measure and region code, key id, 16 hex digits of MAC
(64 bits: far beyond what an online guesser can try). Only regional obligations get a token: federal
bodies answer the coordinator directly.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

from domain.obligation.id import ObligationId

MAC_HEX_DIGITS = 16
_KEY_ID = re.compile(r"^[a-z][a-z0-9]{0,7}$")
_TOKEN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\.([a-z][a-z0-9]{0,7})\.([0-9a-f]{16})$")


class TokenError(ValueError):
    """A token that names no obligation this tracker vouched for (the message says why, in Russian)."""


@dataclass(frozen=True)
class IntakeKey:
    """One secret the intake accepts; the newest one signs, older ones still verify until removed."""

    key_id: str
    secret: bytes

    def __post_init__(self) -> None:
        if not _KEY_ID.match(self.key_id):
            raise ValueError(f"key id {self.key_id!r}: expected 1–8 lowercase letters and digits")
        if len(self.secret) < 16:
            raise ValueError("an intake secret must be at least 16 bytes")


def _mac(key: IntakeKey, obligation_id: str, recipient: str) -> str:
    message = "\x00".join((obligation_id, recipient.strip().lower(), key.key_id)).encode()
    return hmac.new(key.secret, message, hashlib.sha256).hexdigest()[:MAC_HEX_DIGITS]


def can_carry_token(obligation: ObligationId) -> bool:
    """Whether replies about this obligation come through the intake (regional obligations only)."""
    return obligation.participant.isdigit() and len(obligation.participant) == 2


def make_token(obligation: ObligationId, recipient: str, key: IntakeKey) -> str:
    """The token for mail about `obligation` sent to `recipient`."""
    if not can_carry_token(obligation):
        raise ValueError(f"obligation {obligation} is not a region's: its mail carries no reply token")
    return f"{obligation.dashed}.{key.key_id}.{_mac(key, str(obligation), recipient)}"


def reply_address(intake_address: str, token: str) -> str:
    """`local+token@domain` of the intake's address."""
    local, at, domain = intake_address.rpartition("@")
    if not at or not local or "+" in local:
        raise ValueError(f"intake address {intake_address!r}: expected local@domain without '+'")
    return f"{local}+{token}@{domain}"


def token_of(address: str, intake_address: str) -> str | None:
    """The token in an address sent to the intake (`local+token@domain`), or None if it is not one."""
    local, _, domain = address.strip().lower().rpartition("@")
    base_local, _, base_domain = intake_address.strip().lower().rpartition("@")
    if domain != base_domain or not local.startswith(base_local + "+"):
        return None
    return local[len(base_local) + 1 :] or None


def read_token(token: str, sender: str, keys: Mapping[str, IntakeKey]) -> ObligationId:
    """The obligation a token names, if its MAC was made for `sender` under a key still accepted."""
    match = _TOKEN.match(token.strip().lower())
    if not match:
        raise TokenError("адрес ответа повреждён: в нём нет метки обязательства")
    cycle, measure, region, key_id, mac = match.groups()
    key = keys.get(key_id)
    if key is None:
        raise TokenError("метка ответа выдана ключом, который больше не действует")
    obligation = ObligationId(cycle=int(cycle), measure=int(measure), participant=region)
    if not hmac.compare_digest(_mac(key, str(obligation), sender), mac):
        raise TokenError("метка ответа не подтверждается для адреса отправителя")
    return obligation
