"""The CLI's acting person: the signed-in OS user, in the role `--as` picks from their own roles."""

from __future__ import annotations

from config.settings import Settings
from domain.actors import Actor
from eci.identity.principal import Principal, signed_in

AS_HELP = (
    "В какой из своих ролей действовать: coordinator, region:КОД, auditor "
    "(по умолчанию — своя основная роль)."
)


def acting(settings: Settings, role: str | None) -> tuple[Principal, Actor]:
    """The principal and the actor for `--as ROLE`; a role the user does not hold is a one-line error."""
    principal = signed_in(settings)
    return principal, principal.acting(role or settings.actor)
