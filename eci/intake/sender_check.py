"""The sender policy applied to one message: which verdicts to trust, whether they vouch for its From."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from config.settings import Settings
from domain.intake.events import MailEnvelope
from eci.intake.incoming import IncomingMail
from eci.intake.sender_auth import (
    Resolver,
    SenderFacts,
    StaticResolver,
    SystemResolver,
    domain_of,
    trusted_results,
    verify_here,
    vouches,
)


class SenderCheck:
    """The policy of the settings (`ECI_INTAKE_SENDER_POLICY`, `ECI_INTAKE_AUTHSERV_ID`)."""

    def __init__(self, settings: Settings, resolver: Resolver | None = None) -> None:
        self.policy = settings.sender_policy
        self.authserv_id = settings.intake_authserv_id
        self._resolver = resolver
        self._answers = settings.intake_dns_answers

    def resolver(self) -> Resolver:
        """The DNS the intake's own checks use: a table of answers if configured, else the host's."""
        if self._resolver is None:
            self._resolver = StaticResolver.from_file(self._answers) if self._answers else SystemResolver()
        return self._resolver

    async def facts(
        self, raw: bytes, mail: IncomingMail, envelope: MailEnvelope | None, contacts: Mapping[str, object]
    ) -> SenderFacts | None:
        """The verdicts on the sender: the trusted server's, or the intake's own (only where the policy
        asks for them and the sender is a registered contact: strangers cost no DNS lookups)."""
        if self.authserv_id:
            return trusted_results(mail.auth_results, self.authserv_id) or SenderFacts(
                by=f"authserv:{self.authserv_id}"
            )
        if self.policy == "none" or mail.sender not in contacts:
            return None
        return await asyncio.to_thread(verify_here, raw, envelope, domain_of(mail.sender), self.resolver())

    def vouches(self, facts: SenderFacts | None, mail: IncomingMail) -> bool:
        """Whether the policy is satisfied for this message's From address."""
        if self.policy == "none":
            return True
        return facts is not None and vouches(facts, self.policy, domain_of(mail.sender))
