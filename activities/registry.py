"""The activities a worker runs, built for one set of settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from activities.cycle import CycleActivities
from activities.identity import IdentityActivities
from activities.record import RecordActivities
from config.settings import Settings
from store.sealing import Sealer


def build_activities(
    settings: Settings,
    cycle: CycleActivities | None = None,
    notice: Callable[..., Any] | None = None,
    sealer: Sealer | None = None,
) -> tuple[list[Callable[..., Any]], list[Any]]:
    """The activity callables and the objects owning resources to close when the worker stops.

    `notice` stands in for the mail side's `send_notice` (tests and benchmarks keep mail out); `sealer`
    seals every event the worker writes (its service user's key).
    """
    record = RecordActivities(settings, sealer)
    identity = IdentityActivities(settings)
    owners: list[Any] = [record, identity]
    callables: list[Callable[..., Any]] = [record.record_event, identity.check_signer]
    if cycle is not None:
        callables.append(cycle.open_cycle)
    try:
        from activities.notify import NoticeActivities
    except ModuleNotFoundError as exc:  # a build without the mail side still runs obligations
        if exc.name != "activities.notify":
            raise
        if notice is not None:
            callables.append(notice)
        return callables, owners
    from activities.checkpoint import CheckpointActivities

    notices = NoticeActivities(settings, sealer)
    owners.append(notices)
    callables.append(notice or notices.send_notice)
    callables.append(notices.send_digest)
    callables.append(CheckpointActivities(settings, notices).sign_checkpoint)
    return callables, owners
