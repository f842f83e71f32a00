"""Event types by name, and upcasters that lift payloads written under older schema versions.

Every `DomainEvent` subclass defined in a `domain.events*` module is found automatically, so another
area adds event types by adding its own `domain/events_<area>.py`.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from pydantic import ValidationError

import domain
from domain.errors import DomainError
from domain.events import DomainEvent

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]

# (type, from_version) -> function returning the payload at from_version + 1
_UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def upcaster(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register a function lifting `event_type` payloads from `from_version` to the next version."""

    def register(fn: Upcaster) -> Upcaster:
        _UPCASTERS[(event_type, from_version)] = fn
        return fn

    return register


def _subclasses(cls: type[DomainEvent]) -> list[type[DomainEvent]]:
    found: list[type[DomainEvent]] = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


@cache
def event_types() -> Mapping[str, type[DomainEvent]]:
    """Every known event class by its `type` name (imports all `domain.events*` modules once)."""
    for info in pkgutil.iter_modules(domain.__path__):
        if info.name.startswith("events"):
            importlib.import_module(f"domain.{info.name}")
    classes: dict[str, type[DomainEvent]] = {}
    for cls in _subclasses(DomainEvent):
        name = cls.__dict__.get("type")
        # Only the domain's own event modules define recordable events, never a test or a plugin.
        if not isinstance(name, str) or not cls.__module__.startswith("domain.events"):
            continue
        if name in classes and classes[name] is not cls:
            raise DomainError(f"event type {name!r} is defined twice")
        classes[name] = cls
    return classes


def event_class(event_type: str) -> type[DomainEvent]:
    """The class registered for `event_type`; DomainError if there is none."""
    cls = event_types().get(event_type)
    if cls is None:
        raise DomainError(f"unknown event type {event_type!r}")
    return cls


def check_registered(event: DomainEvent) -> None:
    """Refuse an event whose class is not the one registered under its type name."""
    if event_types().get(event.type) is not type(event):
        raise DomainError(f"unknown event type {event.type!r}")


def upcast(event_type: str, schema_version: int, payload: Payload) -> Payload:
    """Lift a stored payload to the current schema version of its type."""
    current = event_class(event_type).schema_version
    if schema_version > current:
        raise DomainError(
            f"event {event_type!r} has schema version {schema_version}, newer than this eci knows ({current})"
        )
    while schema_version < current:
        step = _UPCASTERS.get((event_type, schema_version))
        if step is None:
            raise DomainError(f"no upcaster for {event_type!r} from schema version {schema_version}")
        payload = step(payload)
        schema_version += 1
    return payload


def decode_event(event_type: str, schema_version: int, payload: Payload) -> DomainEvent:
    """Build the typed event from a stored payload, upcasting it first; DomainError if it does not fit."""
    cls = event_class(event_type)
    try:
        return cls.model_validate(upcast(event_type, schema_version, payload))
    except ValidationError as exc:
        raise DomainError(f"payload of {event_type!r} fails its schema: {_first_error(exc)}") from None


def decode_event_json(event_type: str, schema_version: int, payload_json: str | bytes) -> DomainEvent:
    """Like `decode_event` from the payload's JSON text (parsed straight into the model when current)."""
    cls = event_class(event_type)
    if schema_version != cls.schema_version:
        return decode_event(event_type, schema_version, json.loads(payload_json))
    try:
        return cls.model_validate_json(payload_json)
    except ValidationError as exc:
        raise DomainError(f"payload of {event_type!r} fails its schema: {_first_error(exc)}") from None


def validate_payload(event_type: str, payload: Payload) -> DomainEvent:
    """Build a current-version event from an untrusted payload; DomainError naming the first problem."""
    return decode_event(event_type, event_class(event_type).schema_version, payload)


def encode_event(event: DomainEvent) -> Payload:
    """The event's payload as plain JSON values."""
    return event.model_dump(mode="json")


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "payload"
    return f"{where}: {err['msg']}"
