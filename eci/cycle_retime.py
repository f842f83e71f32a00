"""`eci cycle retime`: apply the catalog's current deadlines to a running cycle, through each workflow.

A change to the deadline rules reaches running obligations only this way, never silently: each moved
obligation records a `DeadlineRetimed` event (actor: the system, with the coordinator's reason), its
reminders follow the new date, and none already sent is sent again. Obligations a coordinator extended
keep their extension; closed ones are left alone.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.service import RPCError

from config.settings import Settings
from domain.actors import SYSTEM, Actor, Role
from domain.obligation.id import ObligationId
from domain.obligation.plan import Obligation, check_cycle, obligations_for_cycle
from domain.obligation.progress import ObligationProgress
from domain.obligation.requests import RetimeRequest
from domain.obligation.start import deadline_for
from domain.obligation.terms import ObligationTerms
from eci.errors import EciError
from eci.identity.keys import SigningKey
from eci.identity.principal import Principal
from eci.runtime.update_errors import translate_errors
from workflows.obligation import ObligationWorkflow

IN_FLIGHT = 50


@dataclass(frozen=True)
class RetimedObligation:
    """One obligation moved to the catalog's date."""

    obligation: str
    previous_due: dt.date
    due: dt.date
    effective_due: dt.date


@dataclass
class RetimeSummary:
    """What `eci cycle retime` did to a cycle."""

    cycle: int
    retimed: list[RetimedObligation] = field(default_factory=list)
    unchanged: int = 0
    extended: list[str] = field(default_factory=list)  # kept: the coordinator's extension stands
    not_running: int = 0  # closed, or never opened


async def _running(client: Client, oid: ObligationId) -> bool:
    try:
        described = await client.get_workflow_handle(oid.workflow_id).describe()
    except RPCError:
        return False
    return described.status is WorkflowExecutionStatus.RUNNING


async def _retime_one(
    settings: Settings,
    client: Client,
    obligation: Obligation,
    reason: str,
    summary: RetimeSummary,
    key: SigningKey,
    version_of: Callable[[str], int],
) -> None:
    oid = obligation.id
    if not await _running(client, oid):
        summary.not_running += 1
        return
    handle = client.get_workflow_handle(oid.workflow_id)
    async with translate_errors(handle, oid):
        _terms, progress = await handle.query(
            ObligationWorkflow.terms_and_status, result_type=tuple[ObligationTerms, ObligationProgress]
        )
    current = progress.deadline
    if progress.state.is_final:
        summary.not_running += 1
        return
    if (current.due, current.effective_due) == (obligation.due, obligation.effective_due):
        summary.unchanged += 1
        return
    if progress.extensions:
        summary.extended.append(str(oid))
        return
    request = RetimeRequest(
        actor=SYSTEM, deadline=deadline_for(obligation.due, obligation.effective_due), reason=reason
    )
    # By the coordinator who asked, for the obligation as it stands once the status was read.
    from eci.actions import send_signed

    await send_signed(
        settings, handle, oid, ObligationWorkflow.retime, "retime", key, request,
        version_of=version_of,
    )  # fmt: skip
    summary.retimed.append(RetimedObligation(str(oid), current.due, obligation.due, obligation.effective_due))


async def retime_cycle(
    settings: Settings,
    actor: Actor,
    cycle: int,
    reason: str,
    region: str | None = None,
    by: Principal | None = None,
) -> RetimeSummary:
    """Move every running obligation of `cycle` whose deadline differs from the catalog's."""
    from eci.actions import principal_for, ready_client

    if actor.role is not Role.COORDINATOR:
        raise EciError(
            f"только координатор может перенести сроки цикла; {actor.label_ru} не может",
            code="coordinator_only",
        )
    key = principal_for(settings, actor, by).key
    text = (reason or "").strip()
    if not text:
        raise EciError("нужна причина, чтобы перенести сроки цикла", code="reason_required")
    check_cycle(cycle)
    obligations: Sequence[Obligation] = [
        o for o in obligations_for_cycle(cycle) if region is None or o.participant == region
    ]
    if not obligations:
        raise EciError(f"в цикле {cycle} нет обязательств участника {region}", code="no_obligations")
    client = await ready_client(settings)
    summary = RetimeSummary(cycle=cycle)
    gate = asyncio.Semaphore(IN_FLIGHT)
    from store.event_store import EventStore

    with EventStore.open(settings.effective_database_url) as store:

        async def one(obligation: Obligation) -> None:
            async with gate:
                await _retime_one(settings, client, obligation, text, summary, key, store.stream_version)

        await asyncio.gather(*(one(o) for o in obligations))
    summary.retimed.sort(key=lambda r: r.obligation)
    summary.extended.sort()
    return summary


def summary_json(summary: RetimeSummary) -> dict[str, Any]:
    """The summary as `--json` prints it."""
    return {
        "cycle": summary.cycle,
        "retimed": [
            {"obligation": r.obligation, "previous_due": r.previous_due.isoformat(), "due": r.due.isoformat(),
             "effective_due": r.effective_due.isoformat()}
            for r in summary.retimed
        ],
        "unchanged": summary.unchanged,
        "extended_kept": summary.extended,
        "not_running": summary.not_running,
    }  # fmt: skip
