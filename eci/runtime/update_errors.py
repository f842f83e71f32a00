"""Temporal failures of an action, turned into one line the user can act on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from temporalio.client import (
    WorkflowExecutionStatus,
    WorkflowHandle,
    WorkflowQueryFailedError,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from config.settings import load_settings
from domain.obligation.id import ObligationId
from domain.obligation.plan import get_obligation
from eci.errors import EciError
from store.event_store import EventStore
from store.projections import get_status


def _closed_in_store(oid: ObligationId) -> bool:
    with EventStore.open(load_settings().effective_database_url) as store:
        status = get_status(store, oid)
    return status is not None and status.state.is_final


async def _closed_or_missing(handle: WorkflowHandle[Any, Any], oid: ObligationId) -> EciError:
    try:
        described = await handle.describe()
    except RPCError:
        get_obligation(str(oid))  # an obligation the plan does not create has no cycle to open
        if _closed_in_store(oid):  # imported as accepted or waived: it never needed a workflow
            return EciError(f"obligation {oid} is closed (accepted or waived): nothing more can change")
        return EciError(f"obligation {oid} has no workflow: open its cycle with `eci cycle open {oid.cycle}`")
    if described.status is WorkflowExecutionStatus.COMPLETED:
        return EciError(f"obligation {oid} is closed (accepted or waived): nothing more can change")
    status = described.status.name.lower() if described.status else "unknown"
    return EciError(f"obligation {oid}'s workflow is {status}")


@asynccontextmanager
async def translate_errors(handle: WorkflowHandle[Any, Any], oid: ObligationId) -> AsyncIterator[None]:
    """Re-raise Temporal errors of one obligation's update or query as EciError."""
    try:
        yield
    except WorkflowUpdateFailedError as exc:
        cause = exc.cause
        message = cause.message if isinstance(cause, ApplicationError) else str(cause or exc)
        raise EciError(message) from None
    except WorkflowQueryFailedError as exc:
        raise EciError(f"obligation {oid}: {exc}") from None
    except WorkflowUpdateRPCTimeoutOrCancelledError:
        raise EciError(
            f"obligation {oid}: the worker did not answer in time; is `eci worker` running?", 3
        ) from None
    except RPCError as exc:
        if exc.status in (RPCStatusCode.NOT_FOUND, RPCStatusCode.FAILED_PRECONDITION):
            raise await _closed_or_missing(handle, oid) from None
        raise EciError(f"obligation {oid}: Temporal refused the request: {exc.message}") from None
