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
from domain.obligation.replay_guard import STALE_VERSION
from eci.errors import EciError, StaleAction
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
            return _closed(oid)
        return EciError(
            f"обязательство {oid} не открыто: откройте его цикл командой «eci cycle open {oid.cycle}»",
            code="not_open",
        )
    if described.status is WorkflowExecutionStatus.COMPLETED:
        return _closed(oid)
    status = described.status.name.lower() if described.status else "unknown"
    return EciError(f"процесс обязательства {oid} остановлен (состояние «{status}»)", code="workflow_stopped")


def _closed(oid: ObligationId) -> EciError:
    return EciError(
        f"обязательство {oid} закрыто (принято или освобождено): изменить ничего нельзя", code="closed"
    )


@asynccontextmanager
async def translate_errors(handle: WorkflowHandle[Any, Any], oid: ObligationId) -> AsyncIterator[None]:
    """Re-raise Temporal errors of one obligation's update or query as EciError."""
    try:
        yield
    except WorkflowUpdateFailedError as exc:
        cause = exc.cause
        if isinstance(cause, ApplicationError) and cause.type == STALE_VERSION:
            # Signed for a version the obligation has moved past: nothing was recorded.
            raise StaleAction(cause.message, code="stale_version") from None
        if isinstance(cause, ApplicationError):
            # The workflow's rule refused it: its Russian message, its code in the details.
            code = str(cause.details[0]) if cause.details else "refused"
            raise EciError(cause.message, code=code) from None
        raise EciError(f"обязательство {oid}: запрос отклонён: «{cause or exc}»", code="refused") from None
    except WorkflowQueryFailedError as exc:
        raise EciError(
            f"обязательство {oid}: запрос состояния не выполнен: «{exc}»", code="query_failed"
        ) from None
    except WorkflowUpdateRPCTimeoutOrCancelledError:
        raise EciError(
            f"обязательство {oid}: обработчик не ответил вовремя; запущен ли «eci worker»?", 3, code="timeout"
        ) from None
    except RPCError as exc:
        if exc.status in (RPCStatusCode.NOT_FOUND, RPCStatusCode.FAILED_PRECONDITION):
            raise await _closed_or_missing(handle, oid) from None
        raise EciError(
            f"обязательство {oid}: сервер Temporal отклонил запрос: «{exc.message}»", code="temporal_refused"
        ) from None
