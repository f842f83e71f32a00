"""Days late, counted one way everywhere: from the effective due date to the day it is said.

A notice, a digest, the TUI and the reports all count the same whole days: the day after the effective
due date is one day late. The count is made for the day the message is sent or the view is drawn, never
copied from when the deadline was first missed, so a digest sent months later says how late it is then.
"""

from __future__ import annotations

import datetime as dt


def days_late(effective_due: dt.date, on: dt.date) -> int:
    """Whole days from `effective_due` to `on`; 0 when `on` is not past it."""
    return max(0, (on - effective_due).days)
