"""How imported facts change an obligation's status, registered with the status fold.

Imported submissions carry document details without a stored file, so they count as submissions but add
no `SubmittedDocument`. This module's name starts with `events` so the event registry imports it (and so
registers these handlers) wherever events are decoded or appended.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from domain.history_import.events import (
    AcceptanceImported,
    DeadlineMissedImported,
    ObligationImported,
    ReturnImported,
    SubmissionImported,
    WaiverImported,
)
from domain.obligation.states import ObligationState
from domain.obligation.status import ObligationStatus, folds, opened_status, opens, unless_final


@opens(ObligationImported)
def _imported(event: ObligationImported, at: dt.datetime) -> ObligationStatus:
    return opened_status(event, at)


@folds(SubmissionImported)
def _submitted(prev: ObligationStatus, event: SubmissionImported, at: dt.datetime) -> dict[str, Any]:
    return {
        "state": unless_final(prev, ObligationState.SUBMITTED),
        "submitted_at": at,
        "submissions": prev.submissions + 1,
    }


@folds(ReturnImported)
def _returned(prev: ObligationStatus, event: ReturnImported, at: dt.datetime) -> dict[str, Any]:
    return {
        "state": unless_final(prev, ObligationState.RETURNED),
        "returned_at": at,
        "return_reason": event.reason,
    }


@folds(AcceptanceImported)
def _accepted(prev: ObligationStatus, event: AcceptanceImported, at: dt.datetime) -> dict[str, Any]:
    if prev.state is ObligationState.WAIVED:
        return {}
    return {"state": ObligationState.ACCEPTED, "accepted_at": at}


@folds(WaiverImported)
def _waived(prev: ObligationStatus, event: WaiverImported, at: dt.datetime) -> dict[str, Any]:
    if prev.state is ObligationState.ACCEPTED:
        return {}
    return {"state": ObligationState.WAIVED, "waived_at": at, "waive_reason": event.reason}


@folds(DeadlineMissedImported)
def _missed(prev: ObligationStatus, event: DeadlineMissedImported, at: dt.datetime) -> dict[str, Any]:
    keep = prev.state.is_final or prev.state is ObligationState.SUBMITTED
    return {"deadline_missed": True, "state": prev.state if keep else ObligationState.OVERDUE}
