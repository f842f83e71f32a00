"""No replayed action and no stale one: the rules the obligation's workflow applies to a signed request.

Each signed request carries an action id (new for every action) and the stream version its signer saw
(`ActionSignature`). The workflow takes an action id once: it remembers the ids it took for as long as
their signatures could still pass the clock check (`SIGNATURE_WINDOW`), and hands them over on
continue-as-new, so a request copied from the store or from the network and sent again is refused.
The version is checked where the event is written (the recording appends at that version or not at
all), so an action signed on what the obligation was before a newer event is refused with the message
the person reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from domain.errors import DomainError
from domain.obligation.signing import SIGNATURE_WINDOW

# The recording activity's failure type when the stream moved past the version the signer saw.
STALE_VERSION = "StaleVersion"


def stale_message(seen: int, now: int) -> str:
    """What the person reads when the obligation changed after they opened it."""
    return (
        f"обязательство изменилось после того, как вы его открыли (версия {seen}, сейчас {now}): "
        "обновите и повторите"
    )


class SeenActions:
    """The action ids taken within the signature window, with their signing times."""

    def __init__(self, taken: Iterable[tuple[str, dt.datetime]] = ()) -> None:
        self._taken = dict(taken)

    def check(self, refused: str, action_id: str | None) -> None:
        """DomainError if this action id was taken already; `refused` opens its message («принятие
        отклонено»)."""
        if action_id is not None and action_id in self._taken:
            raise DomainError(
                f"{refused}: этот подписанный запрос уже исполнен (действие {action_id}), "
                "подписанный запрос действует один раз",
                "action_taken",
            )

    def take(self, refused: str, action_id: str | None, signed_at: dt.datetime, now: dt.datetime) -> None:
        """Remember the id (refusing one taken already); forget those whose signatures expired."""
        self.check(refused, action_id)
        if action_id is None:
            return
        horizon = now - SIGNATURE_WINDOW
        self._taken = {k: at for k, at in self._taken.items() if at >= horizon}
        self._taken[action_id] = signed_at

    def carried(self) -> tuple[tuple[str, dt.datetime], ...]:
        """What a continued run takes over."""
        return tuple(self._taken.items())
