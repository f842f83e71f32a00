"""Where an imported obligation stands when its live workflow takes over.

A workflow started for an obligation whose history was imported must not record its opening again and
must begin in the imported state (submitted, returned, overdue), with the missed deadline already marked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.history_import.events import DeadlineMissedImported, ReturnImported, SubmissionImported
from domain.history_import.rules import ImportedObligation
from domain.obligation.imported import ImportedProgress

if TYPE_CHECKING:
    from domain.obligation.progress import ObligationProgress


def imported_progress(item: ImportedObligation) -> ImportedProgress:
    """Summarise an imported obligation's events for the workflow that continues it."""
    events = [p for p in item.events]
    submissions = [p for p in events if isinstance(p.event, SubmissionImported)]
    returns = [p.event for p in events if isinstance(p.event, ReturnImported)]
    return ImportedProgress(
        state=item.state,
        missed=any(isinstance(p.event, DeadlineMissedImported) for p in events),
        submissions=len(submissions),
        returns=len(returns),
        submitted_at=submissions[-1].occurred_at if submissions else None,
        last_reason=returns[-1].reason if returns else None,
    )


def resume_progress(progress: ObligationProgress, imported: ImportedProgress) -> ObligationProgress:
    """A freshly opened workflow's progress moved to where the imported history left the obligation."""
    done = progress.done_steps
    if imported.missed:
        done = done | {f"missed-{progress.deadline.effective_due.isoformat()}"}
    return progress.model_copy(
        update={
            "state": imported.state,
            "missed": imported.missed,
            "submissions": imported.submissions,
            "returns": imported.returns,
            "submitted_at": imported.submitted_at,
            "last_reason": imported.last_reason,
            "done_steps": done,
        }
    )
