"""Connecting to Temporal quickly, and telling the user in one line what is missing."""

from __future__ import annotations

import asyncio
import datetime as dt
import weakref

from temporalio.api.enums.v1 import IndexedValueType, TaskQueueType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest, ListSearchAttributesRequest
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client, TLSConfig
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.service import RPCError

from config.settings import Settings
from eci.errors import EciError
from eci.runtime.devserver import port_open, split_address
from workflows.search_attributes import REGISTRATION

RPC_TIMEOUT = dt.timedelta(seconds=3)
EXIT_UNAVAILABLE = 3


def _tls(settings: Settings) -> TLSConfig | bool:
    if settings.temporal_tls_cert and settings.temporal_tls_key:
        return TLSConfig(
            client_cert=settings.temporal_tls_cert.read_bytes(),
            client_private_key=settings.temporal_tls_key.read_bytes(),
        )
    return False


# One client per event loop and server: the TUI and benchmarks act many times; a CLI run acts once.
_CLIENTS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[str, str], Client]] = (
    weakref.WeakKeyDictionary()
)


async def connect(settings: Settings, connect_seconds: float = 5.0) -> Client:
    """A client with the pydantic converter; EciError in one line when no server answers."""
    clients = _CLIENTS.setdefault(asyncio.get_running_loop(), {})
    key = (settings.temporal_address, settings.temporal_namespace)
    if key not in clients:
        clients[key] = await _connect(settings, connect_seconds)
    return clients[key]


async def _connect(settings: Settings, connect_seconds: float) -> Client:
    address = settings.temporal_address
    host, port = split_address(address)
    if not settings.temporal_tls_cert and not port_open(host, port, timeout=1.0):
        raise EciError(
            f"нет сервера Temporal по адресу {address}: запустите `eci up` (или `eci server`) "
            "или укажите работающий в ECI_TEMPORAL_ADDRESS",
            EXIT_UNAVAILABLE,
            code="no_temporal_server",
        )
    loop = asyncio.get_running_loop()
    deadline = loop.time() + connect_seconds
    while True:
        try:
            return await asyncio.wait_for(
                Client.connect(
                    address,
                    namespace=settings.temporal_namespace,
                    data_converter=pydantic_data_converter,
                    tls=_tls(settings),
                ),
                max(0.1, deadline - loop.time()),
            )
        except (TimeoutError, RuntimeError) as exc:
            # A server that has just opened its port answers "not healthy yet" for a moment.
            if "not healthy" in str(exc) and loop.time() < deadline:
                await asyncio.sleep(0.1)
                continue
            raise EciError(
                f"не подключиться к серверу Temporal {address}: {exc}",
                EXIT_UNAVAILABLE,
                code="temporal_unreachable",
            ) from None


async def require_worker(client: Client, settings: Settings) -> None:
    """EciError in one line unless a worker polls the task queue (an update would otherwise hang)."""
    request = DescribeTaskQueueRequest(
        namespace=settings.temporal_namespace,
        task_queue=TaskQueue(name=settings.temporal_task_queue),
        task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    )
    try:
        response = await client.workflow_service.describe_task_queue(request, timeout=RPC_TIMEOUT)
    except RPCError as exc:
        raise EciError(
            f"сервер Temporal {settings.temporal_address} отказал: {exc.message}",
            EXIT_UNAVAILABLE,
            code="temporal_refused",
        ) from None
    if not response.pollers:
        raise EciError(
            f"очередь задач {settings.temporal_task_queue!r} на сервере Temporal {settings.temporal_address} "
            "не опрашивает ни один обработчик: запустите `eci worker` (или `eci up`)",
            EXIT_UNAVAILABLE,
            code="no_worker",
        )


async def poller_identities(client: Client, settings: Settings) -> list[str]:
    """The identities (`pid@host`) of the workers polling the task queue for workflow tasks."""
    request = DescribeTaskQueueRequest(
        namespace=settings.temporal_namespace,
        task_queue=TaskQueue(name=settings.temporal_task_queue),
        task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    )
    response = await client.workflow_service.describe_task_queue(request, timeout=RPC_TIMEOUT)
    return [poller.identity for poller in response.pollers]


async def ensure_search_attributes(client: Client, namespace: str) -> None:
    """Register the obligation search attributes on a server that lacks them (any Temporal server)."""
    service = client.operator_service
    known = await service.list_search_attributes(
        ListSearchAttributesRequest(namespace=namespace), timeout=RPC_TIMEOUT
    )
    missing = {
        name: IndexedValueType.Value(f"INDEXED_VALUE_TYPE_{kind.upper()}")
        for name, kind in REGISTRATION
        if name not in known.custom_attributes
    }
    if missing:
        await service.add_search_attributes(
            AddSearchAttributesRequest(search_attributes=missing, namespace=namespace), timeout=RPC_TIMEOUT
        )
