"""The coordinator's actions as the TUI asks for them, and the runner that performs them.

The default runner calls `eci.actions` (the same workflow updates the CLI uses); tests may pass
any coroutine function taking an `ActionRequest`.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from domain.states import ObligationState


class ActionKind(StrEnum):
    """Accept, return, waive, extend."""

    ACCEPT = "accept"
    RETURN = "return"
    WAIVE = "waive"
    EXTEND = "extend"


ACTION_LABELS_RU: dict[ActionKind, str] = {
    ActionKind.ACCEPT: "принять",
    ActionKind.RETURN: "вернуть на доработку",
    ActionKind.WAIVE: "освободить",
    ActionKind.EXTEND: "продлить срок",
}

DONE_LABELS_RU: dict[ActionKind, str] = {
    ActionKind.ACCEPT: "принято",
    ActionKind.RETURN: "возвращено на доработку",
    ActionKind.WAIVE: "освобождено",
    ActionKind.EXTEND: "срок продлён",
}


@dataclass(frozen=True)
class ActionRequest:
    """One action on one obligation, with its reason or new date."""

    kind: ActionKind
    obligation_id: str
    reason: str | None = None
    due: dt.date | None = None


ActionRunner = Callable[[ActionRequest], Awaitable[Any]]


def refusal(kind: ActionKind, state: ObligationState) -> str | None:
    """Why an action does not apply to an obligation in this state (None when it does)."""
    if kind in (ActionKind.ACCEPT, ActionKind.RETURN) and state is not ObligationState.SUBMITTED:
        return f"нечего проверять: состояние «{_state_ru(state)}», а не «на проверке»"
    if kind in (ActionKind.WAIVE, ActionKind.EXTEND) and state.is_final:
        return f"обязательство уже закрыто: «{_state_ru(state)}»"
    return None


def _state_ru(state: ObligationState) -> str:
    from domain.states import STATE_LABELS_RU

    return STATE_LABELS_RU[state]


def eci_action_runner(settings: Any) -> ActionRunner:
    """A runner that performs actions through `eci.actions` as the configured actor."""

    async def run(request: ActionRequest) -> Any:
        from domain.actors import Actor
        from domain.obligation_id import ObligationId
        from eci import actions

        actor = Actor.parse(settings.actor)
        oid = ObligationId.parse(request.obligation_id)
        reason = request.reason or ""  # the dialogs require one; the workflow rejects an empty reason
        if request.kind is ActionKind.ACCEPT:
            result = actions.accept(settings, actor, oid)
        elif request.kind is ActionKind.RETURN:
            result = actions.return_submission(settings, actor, oid, reason=reason)
        elif request.kind is ActionKind.WAIVE:
            result = actions.waive(settings, actor, oid, reason=reason)
        elif request.due is None:
            raise ValueError("продление без новой даты")
        else:
            result = actions.extend(settings, actor, oid, due=request.due, reason=reason)
        return await result if inspect.isawaitable(result) else result

    return run
