"""When an obligation's run hands over to a fresh one (continue-as-new), so its history stays small.

An overdue obligation sends a notice every week for as long as it stays undone: about 11 history events
each, 5,700 in ten years. Temporal slows down and finally terminates runs with very long histories, so a
run continues as new once its history passes `MAX_HISTORY_EVENTS`, or earlier when the server suggests it.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.obligation.carry import CarriedState
    from domain.obligation.notices import NoticeRequest
    from domain.obligation.progress import ObligationProgress
    from domain.obligation.replay_guard import SeenActions
    from domain.obligation.terms import ObligationTerms
    from workflows.revision import takes

# Far below Temporal's own warning (10,240 events) and its suggestion; about 90 weeks of overdue notices.
MAX_HISTORY_EVENTS = 1_000
# Runs recorded before continue-as-new existed never handed over: replaying them must not start to.
CONTINUE_AS_NEW_PATCH = "continue-as-new"


def history_is_long() -> bool:
    """True when this run should hand over to a fresh one (deterministic: both figures are in history)."""
    info = workflow.info()
    return info.is_continue_as_new_suggested() or info.get_current_history_length() > MAX_HISTORY_EVENTS


def should_continue_as_new(revision: int) -> bool:
    """`history_is_long()`, behind the patch: the marker is asked for only when the answer matters, so a
    history recorded by older code (no marker) replays on the branch it took (`revision`: the run's, see
    `workflows.revision`)."""
    return history_is_long() and takes(revision, CONTINUE_AS_NEW_PATCH)


class HandOver:
    """Continue-as-new for `ObligationWorkflow` (runs inside the workflow, deterministic)."""

    _terms: ObligationTerms
    _progress: ObligationProgress
    _notices: list[NoticeRequest]
    _carried: CarriedState | None
    _actions: SeenActions

    async def _continue_as_new(self) -> None:
        """Hand the progress and the unsent notices to a fresh run once no update is in flight (an
        update accepted by this run completes here); returns only if such an update closed it."""
        await workflow.wait_condition(workflow.all_handlers_finished)
        if self._progress.is_final:
            return
        runs_before = 1 if self._carried is None else self._carried.runs_before + 1
        carried = CarriedState(
            progress=self._progress,
            notices=tuple(self._notices),
            runs_before=runs_before,
            actions=self._actions.carried(),  # a request taken by this run is not taken again by the next
        )
        workflow.continue_as_new(self._terms.model_copy(update={"carried": carried}))
