"""The coordinator's actions as the TUI asks for them, and the runner that performs them.

The default runner calls `eci.actions` (the same workflow updates the CLI uses); tests may pass
any coroutine function taking an `ActionRequest`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from domain.documents import DocumentDetails
from domain.obligation.states import ObligationState


class ActionKind(StrEnum):
    """Accept, return, waive, extend."""

    ACCEPT = "accept"
    RETURN = "return"
    WAIVE = "waive"
    EXTEND = "extend"
    RELEASE_MAIL = "release_mail"  # submit a quarantined reply's documents (obligation_id: its obligation)
    DROP_MAIL = "drop_mail"  # close a quarantined reply with a reason
    READ_MAIL = "read_mail"  # read a held message (the runner answers with a `MailView`)
    GRANT_EXTENSION = "grant_extension"  # move the due date as a reply asked
    DECLINE_EXTENSION = "decline_extension"  # decline a reply's request, with a reason mailed back


ACTION_LABELS_RU: dict[ActionKind, str] = {
    ActionKind.ACCEPT: "принять",
    ActionKind.RETURN: "вернуть на доработку",
    ActionKind.WAIVE: "освободить",
    ActionKind.EXTEND: "продлить срок",
    ActionKind.RELEASE_MAIL: "передать письмо",
    ActionKind.DROP_MAIL: "закрыть письмо",
    ActionKind.READ_MAIL: "прочитать письмо",
    ActionKind.GRANT_EXTENSION: "согласовать перенос срока",
    ActionKind.DECLINE_EXTENSION: "отклонить перенос срока",
}

DONE_LABELS_RU: dict[ActionKind, str] = {
    ActionKind.ACCEPT: "принято",
    ActionKind.RETURN: "возвращено на доработку",
    ActionKind.WAIVE: "освобождено",
    ActionKind.EXTEND: "срок продлён",
    ActionKind.RELEASE_MAIL: "письмо передано, обязательство на проверке",
    ActionKind.DROP_MAIL: "письмо закрыто",
    ActionKind.READ_MAIL: "письмо прочитано",
    ActionKind.GRANT_EXTENSION: "срок перенесён",
    ActionKind.DECLINE_EXTENSION: "перенос отклонён, участнику отправлено письмо",
}


@dataclass(frozen=True)
class ActionRequest:
    """One action on one obligation, with its reason or new date."""

    kind: ActionKind
    obligation_id: str
    reason: str | None = None
    due: dt.date | None = None
    mail_id: str | None = None  # the quarantined message a mail action decides
    details: DocumentDetails | None = None  # a release's document details, typed by the coordinator
    # The obligation's stream version the coordinator had before them: the action is signed for it, and
    # refused if the obligation changed since («обязательство изменилось… обновите и повторите»).
    seen_version: int | None = None


ActionRunner = Callable[[ActionRequest], Awaitable[Any]]


def refusal(kind: ActionKind, state: ObligationState) -> str | None:
    """Why an action does not apply to an obligation in this state (None when it does)."""
    if kind in (ActionKind.ACCEPT, ActionKind.RETURN) and state is not ObligationState.SUBMITTED:
        return f"нечего проверять: состояние «{_state_ru(state)}», а не «на проверке»"
    if kind in (ActionKind.WAIVE, ActionKind.EXTEND) and state.is_final:
        return f"обязательство уже закрыто: «{_state_ru(state)}»"
    return None


def _state_ru(state: ObligationState) -> str:
    from domain.obligation.states import STATE_LABELS_RU

    return STATE_LABELS_RU[state]
