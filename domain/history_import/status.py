"""How imported facts change an obligation's status: the obligation's own fold handlers, registered for
the imported event types too (imported and live facts move the state the same way).

Imported submissions carry document details without a stored file, so they count as submissions but add
no `SubmittedDocument`. The event registry imports this module with the events (`FOLD_MODULES`).
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
from domain.obligation.status import (
    ObligationStatus,
    folds,
    on_accepted,
    on_missed,
    on_returned,
    on_waived,
    opened_status,
    opens,
    submission,
)

opens(ObligationImported)(opened_status)
folds(AcceptanceImported)(on_accepted)
folds(ReturnImported)(on_returned)
folds(WaiverImported)(on_waived)
folds(DeadlineMissedImported)(on_missed)


@folds(SubmissionImported)
def on_submission_imported(
    prev: ObligationStatus, event: SubmissionImported, at: dt.datetime
) -> dict[str, Any]:
    return submission(prev, at)
