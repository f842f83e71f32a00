"""The worker's data converter: the payloads of `pydantic_data_converter`, built cheaply.

The SDK builds a fresh data converter for each workflow activation, and with it a fresh pydantic
payload converter whose type-adapter cache starts empty, so each activation rebuilt the adapters of
our models (a few hundred microseconds each). This converter writes and reads exactly the same JSON,
but every instance shares one pydantic JSON converter, whose cache (thread-safe) lives for the process.
"""

from __future__ import annotations

from temporalio.client import Client
from temporalio.contrib.pydantic import PydanticJSONPlainPayloadConverter
from temporalio.converter import (
    CompositePayloadConverter,
    DataConverter,
    DefaultPayloadConverter,
    JSONPlainPayloadConverter,
)

_SHARED_JSON = PydanticJSONPlainPayloadConverter()
# The default converters with pydantic's JSON in place of the plain one, as `PydanticPayloadConverter`.
_CONVERTERS = tuple(
    _SHARED_JSON if isinstance(c, JSONPlainPayloadConverter) else c
    for c in DefaultPayloadConverter.default_encoding_payload_converters
)


class SharedCachePydanticPayloadConverter(CompositePayloadConverter):
    """`PydanticPayloadConverter` with one process-wide pydantic JSON converter."""

    def __init__(self) -> None:
        super().__init__(*_CONVERTERS)


WORKER_DATA_CONVERTER = DataConverter(payload_converter_class=SharedCachePydanticPayloadConverter)


def worker_client(client: Client) -> Client:
    """The same connection and namespace as `client`, with the worker's data converter."""
    config = client.config()
    config["data_converter"] = WORKER_DATA_CONVERTER
    return Client(**config)
