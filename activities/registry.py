"""The activities a worker runs, built for one set of settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from activities.cycle import CycleActivities
from activities.record import RecordActivities
from eci.settings import Settings


def build_activities(
    settings: Settings, cycle: CycleActivities | None = None, notice: Callable[..., Any] | None = None
) -> tuple[list[Callable[..., Any]], list[Any]]:
    """The activity callables and the objects owning resources to close when the worker stops."""
    record = RecordActivities(settings)
    owners: list[Any] = [record]
    callables: list[Callable[..., Any]] = [record.record_event]
    if cycle is not None:
        callables.append(cycle.open_cycle)
    if notice is not None:
        callables.append(notice)
        return callables, owners
    try:
        from activities.notify import NoticeActivities
    except ModuleNotFoundError as exc:  # a build without the mail side still runs obligations
        if exc.name != "activities.notify":
            raise
    else:
        notices = NoticeActivities(settings)
        owners.append(notices)
        callables.append(notices.send_notice)
        callables.append(notices.send_digest)
    return callables, owners
